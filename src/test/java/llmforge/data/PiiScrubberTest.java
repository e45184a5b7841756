package llmforge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PiiScrubberTest {
    private final PiiScrubber s = new PiiScrubber();

    @Test void replacesEmailsPhonesAndIps() {
        PiiScrubber.Result r = s.scrub("Mail john.doe+x@example.co.uk or call (555) 123-4567 / +44 20 7946 0958; "
                + "server 192.168.1.20 and fe80::1ff:fe23:4567:890a.");
        assertEquals("Mail <EMAIL> or call <PHONE> / <PHONE>; server <IP> and <IP>.", r.text());
        assertEquals(new PiiScrubber.Counts(1, 2, 2), r.counts());
    }

    @Test void leavesOrdinaryNumbersAlone() {
        String t = "In 1999-2003 the 12 345 people paid 3.14 dollars at 10:30:45, version 1.2.3, see RFC 822.";
        assertEquals(t, s.scrub(t).text());
        assertEquals(0, s.scrub(t).counts().total());
    }
}
