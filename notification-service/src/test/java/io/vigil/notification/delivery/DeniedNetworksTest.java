package io.vigil.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smallrye.config.WithDefault;
import io.vigil.common.net.IpRange;
import io.vigil.notification.config.NotificationConfig;

class DeniedNetworksTest {

    /** The production default of {@code vigil.notification.webhook.denied-networks}, as configured. */
    private static final List<IpRange> DEFAULTS = defaults();

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.255.0.9", "::1", "0.0.0.0", "::", "169.254.169.254", "169.254.0.1",
            "fe80::1", "febf::ffff", "fd00:ec2::254", "100.100.100.200", "::ffff:127.0.0.1", "::ffff:169.254.169.254" })
    void loopbackUnspecifiedAndMetadataAddressesAreDenied(String address) throws Exception {
        assertThat(denied(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "10.0.0.5", "172.16.3.4", "192.168.1.10", "8.8.8.8", "169.255.0.1", "128.0.0.1",
            "fec0::1", "fd00:ec2::253", "100.100.100.201", "2001:db8::1" })
    void internalAndPublicNetworksAreAllowed(String address) throws Exception {
        assertThat(denied(address)).isFalse();
    }

    @Test
    void aNetworkMustBeAnAddressLiteralWithAValidPrefix() {
        for (String bad : List.of("metadata.internal/32", "10.0.0.0/33", "::1/129", "10.0.0.0/x", "")) {
            assertThatThrownBy(() -> DeniedNetworks.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(DeniedNetworks.parse("10.1.2.3").contains(new byte[] {10, 1, 2, 3})).isTrue();
        assertThat(DeniedNetworks.parse("10.1.2.3").contains(new byte[] {10, 1, 2, 4})).isFalse();
    }

    private static List<IpRange> defaults() {
        try {
            String value = NotificationConfig.Webhook.class.getMethod("deniedNetworks").getAnnotation(WithDefault.class)
                    .value();
            return Arrays.stream(value.split(",")).map(DeniedNetworks::parse).toList();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean denied(String literal) throws Exception {
        byte[] bytes = InetAddress.getByName(literal).getAddress();
        return DEFAULTS.stream().anyMatch(network -> network.contains(bytes));
    }
}
