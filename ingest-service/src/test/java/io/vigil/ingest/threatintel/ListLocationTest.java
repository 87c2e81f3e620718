package io.vigil.ingest.threatintel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ListLocationTest {

    @Test
    void pathsAndFileUrlsAreFiles() {
        assertThat(ListLocation.parse("lists/tor.txt").file()).isEqualTo(Path.of("lists/tor.txt"));
        assertThat(ListLocation.parse("/etc/vigil/tor.txt").isUrl()).isFalse();
        assertThat(ListLocation.parse("file:///etc/vigil/tor.txt").file()).isEqualTo(Path.of("/etc/vigil/tor.txt"));
        assertThat(ListLocation.parse("file:lists/tor.txt").file()).isEqualTo(Path.of("lists/tor.txt"));
    }

    @Test
    void urlsAreShownWithoutUserInfoQueryOrFragment() {
        ListLocation location = ListLocation.parse("https://u:p@feeds.example.com:8443/drop.txt?apikey=k#x");
        assertThat(location.isUrl()).isTrue();
        assertThat(location.display()).isEqualTo("https://feeds.example.com:8443/drop.txt");
        assertThat(ListLocation.parse("https://check.torproject.org/torbulkexitlist").display())
                .isEqualTo("https://check.torproject.org/torbulkexitlist");
    }

    @Test
    void otherSchemesAndEmptyLocationsAreRefusedWithoutEchoingTheText() {
        assertThatThrownBy(() -> ListLocation.parse("ftp://u:secret@host/list"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported scheme 'ftp'")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ListLocation.parse(" ")).hasMessage("is empty");
        assertThatThrownBy(() -> ListLocation.parse("https:///nohost")).hasMessageContaining("without a host");
    }
}
