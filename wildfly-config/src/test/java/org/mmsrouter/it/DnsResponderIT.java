package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Real UDP and TCP DNS queries to the responder the deployed application started. */
@ExtendWith(ArquillianExtension.class)
class DnsResponderIT {

    @Deployment(testable = false)
    static EnterpriseArchive router() {
        return RouterTestSupport.routerEar();
    }

    private static Message query(String name, int type) throws Exception {
        return query(name, type, false);
    }

    private static Message query(String name, int type, boolean tcp) throws Exception {
        return RouterTestSupport.dnsQuery(name, type, tcp);
    }

    @Test
    void thisNodePublishesItselfAndTheAnswersCarryTheLiveNodes() throws Exception {
        JsonObject status = JsonParser.parseString(RouterTestSupport.status()).getAsJsonObject();

        JsonArray nodes = status.getAsJsonArray("nodes");
        assertEquals(1, nodes.size(), status.toString());
        JsonObject self = nodes.get(0).getAsJsonObject();
        assertEquals(status.get("node").getAsString(), self.get("name").getAsString());
        assertTrue(self.get("self").getAsBoolean() && self.get("live").getAsBoolean(), self.toString());
        assertEquals("[\"127.0.0.1\"]", self.getAsJsonArray("addresses").toString());
        assertEquals("[\"127.0.0.1\"]", status.getAsJsonArray("dnsAddresses").toString());
    }

    @Test
    void tcpQueriesGetTheSameAnswers() throws Exception {
        Message response = query("mms.operator.test.", Type.A, true);

        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(
                "127.0.0.1",
                ((ARecord) response.getSection(Section.ANSWER).get(0))
                        .getAddress()
                        .getHostAddress());
        assertEquals(Rcode.REFUSED, query("www.example.com.", Type.A, true).getRcode());
    }

    @Test
    void otherNamesInTheZoneAreNxdomainWithTheSoa() throws Exception {
        Message response = query("www.mms.operator.test.", Type.A);

        assertEquals(Rcode.NXDOMAIN, response.getRcode());
        assertEquals(Type.SOA, response.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void anAQueryForTheMmsDomainGetsTheRouterAddress() throws Exception {
        Message response = query("mms.operator.test.", Type.A);

        assertEquals(Rcode.NOERROR, response.getRcode());
        assertTrue(response.getHeader().getFlag(Flags.AA), "authoritative answer");
        List<Record> answers = response.getSection(Section.ANSWER);
        assertEquals(1, answers.size());
        ARecord a = (ARecord) answers.get(0);
        assertEquals("127.0.0.1", a.getAddress().getHostAddress());
        assertEquals(60, a.getTTL());
    }

    @Test
    void theNameIsMatchedWithoutRegardToCase() throws Exception {
        Message response = query("MMS.Operator.TEST.", Type.A);

        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(1, response.getSection(Section.ANSWER).size());
    }

    @Test
    void anyOtherNameIsRefused() throws Exception {
        Message response = query("www.example.com.", Type.A);

        assertEquals(Rcode.REFUSED, response.getRcode());
        assertTrue(response.getSection(Section.ANSWER).isEmpty());
    }
}
