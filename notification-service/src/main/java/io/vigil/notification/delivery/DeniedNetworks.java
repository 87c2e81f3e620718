package io.vigil.notification.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vigil.common.net.IpRange;
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

    private final List<IpRange> networks;

    public DeniedNetworks(NotificationConfig config) {
        this.networks = config.webhook().deniedNetworks().stream().map(DeniedNetworks::parse).toList();
    }

    /** Completes when no address of the destination's host is denied; fails permanently, naming both, otherwise. */
    public Uni<Void> check(ExportDestination destination, String host) {
        return Uni.createFrom().item(() -> resolve(destination, host))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(addresses -> {
                    for (InetAddress address : addresses) {
                        IpRange network = containing(address);
                        if (network != null) {
                            throw DeliveryFailure.permanent("Destination '" + destination.name() + "' resolves to "
                                    + address.getHostAddress() + ", in the denied network " + network
                                    + " (vigil.notification.webhook.denied-networks)");
                        }
                    }
                })
                .replaceWithVoid();
    }

    /** The denied network that holds the address, or null. */
    IpRange containing(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (IpRange network : networks) {
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

    /** A configured network: an address literal or CIDR range, never a name to look up. */
    static IpRange parse(String cidr) {
        return IpRange.parse(cidr).orElseThrow(() -> new IllegalArgumentException(
                "denied network '" + cidr + "' is not an IP address or CIDR range"));
    }
}
