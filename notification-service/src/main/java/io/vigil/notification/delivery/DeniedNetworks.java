package io.vigil.notification.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vigil.events.ExportDestination;
import io.vigil.notification.config.NotificationConfig;

/**
 * Where a webhook may not be sent. A destination's URL is set by a subscription's administrator, and a request from
 * this service to its own host or to a cloud metadata endpoint (169.254.169.254 hands out the node's credentials)
 * would turn the webhook into a way into the infrastructure. Every address the target's host resolves to is checked
 * just before each send, so a name that later points somewhere denied is caught too; internal (RFC 1918) networks
 * stay allowed by default, since that is where SIEMs live.
 */
@ApplicationScoped
public class DeniedNetworks {

    private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final List<Network> networks;

    public DeniedNetworks(NotificationConfig config) {
        this.networks = config.webhook().deniedNetworks().stream().map(Network::parse).toList();
    }

    /** Completes when no address of the destination's host is denied; fails permanently, naming both, otherwise. */
    public Uni<Void> check(ExportDestination destination, String host) {
        return Uni.createFrom().item(() -> resolve(destination, host))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(addresses -> {
                    for (InetAddress address : addresses) {
                        Network network = containing(address);
                        if (network != null) {
                            throw DeliveryFailure.permanent("Destination '" + destination.name() + "' resolves to "
                                    + address.getHostAddress() + ", in the denied network " + network.text()
                                    + " (vigil.notification.webhook.denied-networks)");
                        }
                    }
                })
                .replaceWithVoid();
    }

    /** The denied network that holds the address, or null. */
    Network containing(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Network network : networks) {
            if (network.contains(bytes)) {
                return network;
            }
        }
        return null;
    }

    private static InetAddress[] resolve(ExportDestination destination, String host) {
        try {
            // URI hosts keep IPv6 literals in brackets
            return InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw DeliveryFailure.retry("Destination '" + destination.name() + "': host " + host + " does not resolve");
        }
    }

    /** An IPv4 or IPv6 network in CIDR notation. */
    record Network(byte[] address, int bits, String text) {

        static Network parse(String cidr) {
            String text = cidr.trim();
            int slash = text.indexOf('/');
            String literal = slash < 0 ? text : text.substring(0, slash);
            // only literals: anything else would make InetAddress look a name up
            if (!ADDRESS_LITERAL.matcher(literal).matches()) {
                throw new IllegalArgumentException("denied network '" + cidr + "' is not an IP address or CIDR");
            }
            try {
                byte[] address = InetAddress.getByName(literal).getAddress();
                int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("denied network '" + cidr + "' has an invalid prefix length");
                }
                return new Network(address, bits, text);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("denied network '" + cidr + "' is not an IP address or CIDR", e);
            }
        }

        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (address[full] & mask);
        }
    }
}
