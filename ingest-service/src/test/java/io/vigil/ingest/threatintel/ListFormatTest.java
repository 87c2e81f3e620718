package io.vigil.ingest.threatintel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class ListFormatTest {

    static boolean contains(ListFormat.Parsed parsed, String ip) throws Exception {
        return parsed.ranges().contains(InetAddress.getByName(ip));
    }

    @Test
    void plainReadsAddressesAndBlocksAndSkipsCommentsAndBlanks() throws Exception {
        ListFormat.Parsed parsed = ListFormat.PLAIN.parse("""
                \uFEFF# FireHOL style header
                ; another comment style

                185.220.101.45
                203.0.113.0/24   # inline comment
                2001:db8::/32 ; also inline
                   198.51.100.7\r
                not an address
                999.1.1.1
                """);
        assertThat(parsed.entries()).isEqualTo(4);
        assertThat(parsed.skipped()).isEqualTo(2);
        assertThat(contains(parsed, "185.220.101.45")).isTrue();
        assertThat(contains(parsed, "203.0.113.77")).isTrue();
        assertThat(contains(parsed, "2001:db8:5::1")).isTrue();
        assertThat(contains(parsed, "198.51.100.7")).isTrue();
        assertThat(contains(parsed, "198.51.100.8")).isFalse();
    }

    @Test
    void plainWithoutTrailingNewline() throws Exception {
        ListFormat.Parsed parsed = ListFormat.PLAIN.parse("1.1.1.1\n2.2.2.2");
        assertThat(parsed.entries()).isEqualTo(2);
        assertThat(contains(parsed, "2.2.2.2")).isTrue();
    }

    @Test
    void tordnselTakesOnlyExitAddressLines() throws Exception {
        ListFormat.Parsed parsed = ListFormat.TORDNSEL.parse("""
                ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E
                Published 2026-11-20 09:18:40
                LastStatus 2026-11-20 10:00:00
                ExitAddress 185.220.101.45 2026-11-20 10:05:12
                ExitNode 0111BA9B604669E636FFD5B503F382A4B7AD6E80
                Published 2026-11-20 08:13:32
                LastStatus 2026-11-20 09:00:00
                ExitAddress 176.10.99.200 2026-11-20 09:03:24
                ExitAddress 2a0b:f4c2::1 2026-11-20 09:03:24
                ExitAddress garbage 2026-11-20 09:03:24
                ExitAddress
                """);
        assertThat(parsed.entries()).isEqualTo(3);
        assertThat(parsed.skipped()).isEqualTo(2);
        assertThat(contains(parsed, "176.10.99.200")).isTrue();
        assertThat(contains(parsed, "2a0b:f4c2::1")).isTrue();
        assertThat(contains(parsed, "10.0.0.0")).isFalse();
    }

    @Test
    void spamhausDropReadsTextAndJsonLines() throws Exception {
        ListFormat.Parsed text = ListFormat.SPAMHAUS_DROP.parse("""
                ; Spamhaus DROP List 2026/11/20 - (c) 2026 The Spamhaus Project SLU
                ; https://www.spamhaus.org/drop/drop.txt
                ; Last-Modified: Thu, 20 Nov 2026 08:00:00 GMT
                ; Expires: Thu, 20 Nov 2026 09:00:00 GMT
                1.10.16.0/20 ; SBL256894
                1.19.0.0/16 ; SBL434604
                bogus ; SBL1
                """);
        assertThat(text.entries()).isEqualTo(2);
        assertThat(text.skipped()).isEqualTo(1);
        assertThat(contains(text, "1.10.31.255")).isTrue();
        assertThat(contains(text, "1.10.32.0")).isFalse();

        ListFormat.Parsed json = ListFormat.SPAMHAUS_DROP.parse("""
                {"cidr":"1.10.16.0/20","sblid":"SBL256894","rir":"apnic"}
                {"cidr": "2001:db8::/32", "sblid": "SBL1", "rir": "ripencc"}
                {"cidr":"nonsense","sblid":"SBL2"}
                {"type":"metadata","timestamp":1763625600,"size":2,"records":2,"copyright":"(c) Spamhaus"}
                """);
        assertThat(json.entries()).isEqualTo(2);
        assertThat(json.skipped()).isEqualTo(1);
        assertThat(contains(json, "2001:db8::1")).isTrue();
    }

    @Test
    void configNamesMatchTheConfigurationSpelling() {
        assertThat(ListFormat.SPAMHAUS_DROP.configName()).isEqualTo("spamhaus-drop");
        assertThat(ListFormat.TORDNSEL.configName()).isEqualTo("tordnsel");
        assertThat(ListKind.MALICIOUS.configName()).isEqualTo("malicious");
    }
}
