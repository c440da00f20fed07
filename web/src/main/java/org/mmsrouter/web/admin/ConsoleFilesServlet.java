package org.mmsrouter.web.admin;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves the console's files ({@code /admin/…}) and the WebJars they load ({@code /webjars/…}) through
 * the container's file servlet. Mapping that servlet itself to {@code /admin/*} does not work: it
 * resolves a file against its own mapping ({@code /admin/console.js} as {@code /console.js}) and
 * answers a directory ({@code /admin/}) with 403. So this servlet, mapped there in web.xml, hands it
 * the request with the whole path as the servlet path, and {@code /admin/} as its index.html. The
 * retrieval proxy ("/") must not see these paths (its MM1 source filter would refuse the NOC).
 */
public class ConsoleFilesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        serve(request, response);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        serve(request, response);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.equals("/admin")) {
            response.sendRedirect(request.getContextPath() + "/admin/");
            return;
        }
        String file = path.equals("/admin/") ? "/admin/index.html" : path;
        RequestDispatcher files = getServletContext().getNamedDispatcher("default");
        files.forward(
                new HttpServletRequestWrapper(request) {
                    @Override
                    public String getServletPath() {
                        return file;
                    }

                    @Override
                    public String getPathInfo() {
                        return null;
                    }
                },
                response);
    }
}
