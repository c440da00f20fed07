package org.mmsrouter.web.mm1;

import jakarta.ejb.EJB;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.forward.OutcomeBoard;
import org.mmsrouter.forward.SubmissionIntake;
import org.mmsrouter.retrieval.RetrievalService;

/**
 * Mounts the MM1 servlet at the configured path (mmsrouter.mm1.path), which annotations cannot do,
 * and the retrieval servlet on every other path.
 */
@WebListener
public class Mm1Registration implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(Mm1Registration.class.getName());

    @EJB
    private RouterConfiguration configuration;

    @EJB
    private SubmissionIntake intake;

    @EJB
    private OutcomeBoard outcomes;

    @EJB
    private RetrievalService retrievals;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        RouterSettings settings = configuration.settings();
        RouterSettings.Mm1 mm1 = settings.mm1();
        ServletContext context = event.getServletContext();
        RetrievalServlet retrieval = new RetrievalServlet(retrievals, mm1);
        // Every other path is a Content-Location URL some MMSC handed out: the default mapping.
        context.addServlet("mm1-retrieval", retrieval).addMapping("/");
        ServletRegistration.Dynamic servlet = context.addServlet("mm1",
                new Mm1Servlet(intake, outcomes, mm1, settings.forwarding().defaultExpiry(), retrieval, retrievals));
        servlet.setAsyncSupported(true);
        servlet.addMapping(mm1.path());
        LOG.info(() -> "MM1 ingress at " + context.getContextPath() + mm1.path()
                + " (largest MM " + mm1.maxMessageBytes() + " bytes, answer window " + mm1.answerWindow().toMillis() + " ms)");
    }
}
