package org.mmsrouter.config;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;

/**
 * Loads and validates the router settings once, when the application starts. Invalid settings
 * fail the deployment with a message naming each bad key. Other start-up beans depend on it.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Holds no transactional resource: spare every call the JTA transaction that is the EJB default.
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class RouterConfiguration {

    private static final Logger LOG = Logger.getLogger(RouterConfiguration.class.getName());

    private RouterSettings settings;

    @PostConstruct
    void load() {
        SettingsSources.Merged merged = SettingsSources.load(System.getProperties());
        try {
            settings = SettingsParser.parse(merged.values());
        } catch (InvalidSettingsException e) {
            e.problems().forEach(problem -> LOG.severe("Bad setting " + problem));
            throw e;
        }
        LOG.info(() -> "MMS Router settings loaded from " + merged.origin() + ": domains " + settings.mmsDomains()
                + ", MMSCs "
                + settings.mmscs().stream().map(m -> m.id() + "=" + m.url()).toList());
    }

    public RouterSettings settings() {
        return settings;
    }
}
