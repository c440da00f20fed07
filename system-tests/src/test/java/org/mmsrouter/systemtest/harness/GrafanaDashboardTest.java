package org.mmsrouter.systemtest.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard reader's pure parts: targets found in rows, variable syntax, label_values, regex escaping. */
class GrafanaDashboardTest {

    private static final String DASHBOARD = """
            {"templating": {"list": [
               {"name": "DS_PROMETHEUS", "type": "datasource", "query": "prometheus"},
               {"name": "mmsc", "type": "query", "query": {"query": "label_values(up{job=~\\"$job\\"}, mmsc)"}}]},
             "panels": [
               {"type": "row", "title": "r", "panels": [
                  {"type": "stat", "title": "inner", "datasource": {"uid": "${DS_PROMETHEUS}"},
                   "targets": [{"refId": "A", "expr": "x"}]}]},
               {"type": "timeseries", "title": "outer", "datasource": {"uid": "${DS_PROMETHEUS}"},
                "targets": [{"refId": "A", "expr": "a"}, {"refId": "B", "expr": "b", "datasource": {"uid": "other"}}]}]}
            """;

    @Test
    void targetsOfPanelsInsideRowsAndOutsideAreFoundWithTheirDataSource() {
        List<GrafanaDashboard.Target> targets =
                GrafanaDashboard.parse(DASHBOARD).targets();
        assertEquals(
                List.of(
                        new GrafanaDashboard.Target("inner", "A", "x", "${DS_PROMETHEUS}"),
                        new GrafanaDashboard.Target("outer", "A", "a", "${DS_PROMETHEUS}"),
                        new GrafanaDashboard.Target("outer", "B", "b", "other")),
                targets);
    }

    @Test
    void variablesAndLabelValuesBecomePromql() {
        List<GrafanaDashboard.Variable> variables =
                GrafanaDashboard.parse(DASHBOARD).variables();
        assertEquals(2, variables.size());
        assertEquals("label_values(up{job=~\"$job\"}, mmsc)", variables.get(1).query());
        assertEquals(
                "group by (mmsc) (up{job=~\"$job\"})",
                GrafanaDashboard.labelValuesQuery(variables.get(1).query()));
        assertEquals("mmsc", GrafanaDashboard.labelOf(variables.get(1).query()));
    }

    @Test
    void everyReferenceFormIsSubstitutedAndAnUnknownOneRefused() {
        Map<String, String> values = Map.of("job", "j", "__rate_interval", "1m", "mmsc", "a|b");
        assertEquals(
                "rate(x{job=~\"j\",mmsc=~\"a|b\"}[1m]) j j",
                GrafanaDashboard.substitute(
                        "rate(x{job=~\"$job\",mmsc=~\"${mmsc:regex}\"}[$__rate_interval]) ${job} [[job]]", values));
        assertThrows(IllegalArgumentException.class, () -> GrafanaDashboard.substitute("x{a=\"$nope\"}", values));
    }

    @Test
    void regexCharactersInValuesAreEscapedForPromqlStrings() {
        assertEquals("sim-a|10\\\\.0\\\\.0\\\\.1:9443", GrafanaDashboard.regexOf(List.of("sim-a", "10.0.0.1:9443")));
    }
}
