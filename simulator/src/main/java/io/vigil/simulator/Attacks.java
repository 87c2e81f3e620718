package io.vigil.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.IpEnrichment;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.simulator.World.Actor;
import io.vigil.simulator.World.Kind;
import io.vigil.simulator.World.SimVault;

/**
 * Plans the labelled attacks: {@code attacksPerType} of each of the 14 alert types, spread over the days after the
 * learning period (any hour, weekends included). Each attack takes over a different established principal of the
 * initial population (stolen credentials or an insider), so one attack's traces do not hide another's.
 */
final class Attacks {

    /** One planned attack: its label and its events. */
    record Planned(Attack label, List<AccessEvent> events) {
    }

    private final World world;
    private final Random random;
    private final Set<Integer> used = new LinkedHashSet<>();

    private Attacks(World world) {
        this.world = world;
        this.random = new Random(world.spec().seed() * 31 + 7);
    }

    static List<Planned> plan(World world) {
        return new Attacks(world).planAll();
    }

    private List<Planned> planAll() {
        List<Planned> planned = new ArrayList<>();
        ScenarioSpec spec = world.spec();
        int n = spec.attacksPerType();
        long firstMs = Duration.ofDays(spec.learningDays() + 1).toMillis();
        long lastMs = Duration.ofDays(spec.days()).minusHours(4).toMillis();
        int number = 0;
        for (AlertType type : AlertType.values()) {
            if (type.vigilInternal()) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                // stratified over the post-learning span, so each type's attacks cover early and late days alike
                long slot = (lastMs - firstMs) / n;
                long at = firstMs + k * slot + (long) (random.nextDouble() * slot);
                Instant start = spec.start().plusMillis(at);
                String id = String.format("atk-%03d-%s", ++number, type.name());
                planned.add(attack(id, type, start));
            }
        }
        return planned;
    }

    private Planned attack(String id, AlertType type, Instant start) {
        return switch (type) {
            case KV_TORAccess -> fromBadIp(id, type, start, "185.220.101." + (1 + random.nextInt(250)), Events.TOR,
                    Outcome.SUCCESS, "reads secrets with a victim's stolen credentials through Tor");
            case KV_SuspiciousIPAccess -> fromBadIp(id, type, start, "45.146.164." + (1 + random.nextInt(250)),
                    Events.THREAT_LISTED, Outcome.SUCCESS, "reads secrets from a threat-listed address");
            case KV_SuspiciousIPAccessDenied -> deniedFromBadIp(id, start);
            case KV_UserAnomaly -> strangerReads(id, type, start, Kind.PERSON);
            case KV_AppAnomaly -> strangerReads(id, type, start, Kind.APP);
            case KV_UserAppAnomaly -> newClientApp(id, start);
            case KV_UserAccessDeniedAnomaly -> deniedStranger(id, start);
            case KV_OperationPatternAnomaly -> newOperationKind(id, start);
            case KV_OperationVolumeAnomaly -> dump(id, start);
            case KV_ListGetAnomaly -> sequence(id, type, start, OperationKind.SECRET_LIST);
            case KV_PutGetAnomaly -> sequence(id, type, start, OperationKind.POLICY_CHANGE);
            case KV_AccountVolumeAnomaly -> manyVaults(id, start, false);
            case KV_AccountVolumeAccessDeniedAnomaly -> manyVaults(id, start, true);
            case KV_UnusualAccessSuspiciousIP -> fromBadIp(id, type, start, "91." + (100 + random.nextInt(100)) + "."
                    + random.nextInt(256) + "." + (1 + random.nextInt(250)), Events.PUBLIC, Outcome.SUCCESS,
                    "reads secrets with stolen credentials from a residential address never used before");
            default -> throw new IllegalArgumentException(type.name());
        };
    }

    /** Stolen credentials of a person or a service used from a bad address: a few reads on the victim's vault. */
    private Planned fromBadIp(String id, AlertType type, Instant start, String ip, IpEnrichment enrichment,
            Outcome outcome, String what) {
        Actor victim = victim(random.nextBoolean() ? Kind.PERSON : Kind.APP, a -> true);
        SimVault vault = world.vault(victim.vaults().get(0));
        Builder b = new Builder(id, type, victim.principal(), what);
        int reads = 1 + random.nextInt(3);
        for (int k = 0; k < reads; k++) {
            b.add(vault, start.plusSeconds(20L * k), OperationKind.SECRET_READ, secret(vault), outcome, ip, enrichment,
                    "python-requests/2.31");
        }
        return b.build();
    }

    /** An unknown identity sprays a vault from a threat-listed address and is refused. */
    private Planned deniedFromBadIp(String id, Instant start) {
        SimVault vault = world.vault(world.vaultsOf(random.nextInt(world.subscriptions())).get(0));
        Principal attacker = new Principal(PrincipalType.USER, World.uuid("attacker", random.nextInt(1_000_000)),
                "helpdesk-" + random.nextInt(1000) + "@" + World.tenant(vault.subscription()), World.AZURE_CLI, null);
        Builder b = new Builder(id, AlertType.KV_SuspiciousIPAccessDenied, attacker,
                "password-sprayed identity refused from a threat-listed address");
        String ip = "45.146.165." + (1 + random.nextInt(250));
        for (int k = 0; k < 1 + random.nextInt(3); k++) {
            b.add(vault, start.plusSeconds(15L * k), OperationKind.SECRET_READ, secret(vault), Outcome.DENIED, ip,
                    Events.THREAT_LISTED, "python-requests/2.31");
        }
        return b.build();
    }

    /** An established person or service reads secrets in a vault of its subscription it never used. */
    private Planned strangerReads(String id, AlertType type, Instant start, Kind kind) {
        Actor victim = victim(kind, a -> otherVault(a) != null);
        SimVault vault = otherVault(victim);
        Builder b = new Builder(id, type, victim.principal(), "reads secrets in a vault it never used");
        String ip = kind == Kind.APP ? victim.privateIp() : victim.site().office() + "." + (10 + victim.index() % 200);
        for (int k = 0; k < 2 + random.nextInt(4); k++) {
            b.add(vault, start.plusSeconds(30L * k), OperationKind.SECRET_READ, secret(vault), Outcome.SUCCESS, ip,
                    Events.enrichment(ip), "azure-cli/2.67");
        }
        return b.build();
    }

    /** A known person on their own vault through a client application they never used (a replayed token). */
    private Planned newClientApp(String id, Instant start) {
        Actor victim = victim(Kind.PERSON, a -> true);
        SimVault vault = world.vault(victim.vaults().get(0));
        String app = World.uuid("rogue-client", random.nextInt(1_000_000));
        Principal principal = new Principal(PrincipalType.USER, victim.principal().objectId(),
                victim.principal().upn(), app, null);
        Builder b = new Builder(id, AlertType.KV_UserAppAnomaly, principal,
                "a known user's token replayed through an unfamiliar client application");
        String ip = victim.site().office() + "." + (10 + victim.index() % 200);
        for (int k = 0; k < 1 + random.nextInt(3); k++) {
            b.add(vault, start.plusSeconds(40L * k), OperationKind.SECRET_READ, secret(vault), Outcome.SUCCESS, ip,
                    Events.enrichment(ip), "python-requests/2.31");
        }
        return b.build();
    }

    /** An established person is refused on a vault of the subscription they never used. */
    private Planned deniedStranger(String id, Instant start) {
        Actor victim = victim(Kind.PERSON, a -> otherVault(a) != null);
        SimVault vault = otherVault(victim);
        Builder b = new Builder(id, AlertType.KV_UserAccessDeniedAnomaly, victim.principal(),
                "probes a vault it has no access to");
        String ip = victim.site().vpn() + "." + (10 + victim.index() % 200);
        for (int k = 0; k < 1 + random.nextInt(3); k++) {
            b.add(vault, start.plusSeconds(25L * k), OperationKind.SECRET_READ, secret(vault), Outcome.DENIED, ip,
                    Events.enrichment(ip), "azure-cli/2.67");
        }
        return b.build();
    }

    /** An established person purges, deletes or backs up secrets on their own vault: destructive or exfiltrating. */
    private Planned newOperationKind(String id, Instant start) {
        Actor victim = victim(Kind.PERSON, a -> true);
        SimVault vault = world.vault(victim.vaults().get(0));
        OperationKind[] kinds = {OperationKind.PURGE, OperationKind.BACKUP, OperationKind.SECRET_DELETE};
        OperationKind kind = kinds[random.nextInt(kinds.length)];
        Builder b = new Builder(id, AlertType.KV_OperationPatternAnomaly, victim.principal(),
                "runs " + kind + " for the first time on its vault");
        String ip = victim.site().office() + "." + (10 + victim.index() % 200);
        for (int k = 0; k < 1 + random.nextInt(2); k++) {
            b.add(vault, start.plusSeconds(30L * k), kind, secret(vault), Outcome.SUCCESS, ip, Events.enrichment(ip),
                    "azure-cli/2.67");
        }
        return b.build();
    }

    /** An established caller reads hundreds of secrets on its vault within half an hour. */
    private Planned dump(String id, Instant start) {
        Actor victim = victim(random.nextBoolean() ? Kind.PERSON : Kind.APP, a -> true);
        SimVault vault = world.vault(victim.vaults().get(0));
        Builder b = new Builder(id, AlertType.KV_OperationVolumeAnomaly, victim.principal(),
                "dumps the vault: hundreds of reads in half an hour");
        String ip = victim.kind() == Kind.APP ? victim.privateIp()
                : victim.site().office() + "." + (10 + victim.index() % 200);
        int reads = 400 + random.nextInt(400);
        long spacing = Duration.ofMinutes(25).toMillis() / reads;
        for (int k = 0; k < reads; k++) {
            b.add(vault, start.plusMillis(spacing * k), OperationKind.SECRET_READ,
                    vault.secrets().get(k % vault.secrets().size()), Outcome.SUCCESS, ip, Events.enrichment(ip),
                    "python-requests/2.31");
        }
        return b.build();
    }

    /** A first step (listing, or an access-policy change) then secret reads within minutes, by someone who never did. */
    private Planned sequence(String id, AlertType type, Instant start, OperationKind first) {
        Actor victim = victim(Kind.PERSON, a -> !a.lister());
        SimVault vault = world.vault(victim.vaults().get(0));
        Builder b = new Builder(id, type, victim.principal(), first == OperationKind.SECRET_LIST
                ? "lists the vault's secrets then reads them" : "grants itself access, then reads secrets");
        String ip = victim.site().office() + "." + (10 + victim.index() % 200);
        b.add(vault, start, first, null, Outcome.SUCCESS, ip, Events.enrichment(ip), "azure-cli/2.67");
        for (int k = 0; k < 3 + random.nextInt(6); k++) {
            b.add(vault, start.plusSeconds(20 + 15L * k), OperationKind.SECRET_READ,
                    vault.secrets().get(k % vault.secrets().size()), Outcome.SUCCESS, ip, Events.enrichment(ip),
                    "azure-cli/2.67");
        }
        return b.build();
    }

    /** An established person reaches (or is refused on) most vaults of the subscription within two hours. */
    private Planned manyVaults(String id, Instant start, boolean denied) {
        // the largest subscriptions, so the attack can reach about a dozen vaults (or all there are, in a small world)
        int largest = 0;
        for (int s = 0; s < world.subscriptions(); s++) {
            largest = Math.max(largest, world.vaultsOf(s).size());
        }
        int needed = Math.min(9, largest);
        Actor victim = victim(Kind.PERSON, a -> world.vaultsOf(a.subscription()).size() >= needed);
        List<Integer> candidates = new ArrayList<>(world.vaultsOf(victim.subscription()));
        if (denied) {
            candidates.removeAll(victim.vaults());
        }
        Collections.shuffle(candidates, random);
        int count = Math.min(candidates.size(), denied ? 6 + random.nextInt(3) : 10 + random.nextInt(3));
        AlertType type = denied ? AlertType.KV_AccountVolumeAccessDeniedAnomaly : AlertType.KV_AccountVolumeAnomaly;
        Builder b = new Builder(id, type, victim.principal(), denied ? "tries one vault after another and is refused"
                : "reads a secret in one vault after another");
        String ip = victim.site().vpn() + "." + (10 + victim.index() % 200);
        for (int k = 0; k < count; k++) {
            SimVault vault = world.vault(candidates.get(k));
            b.add(vault, start.plusSeconds(300L * k + random.nextInt(120)), OperationKind.SECRET_READ, secret(vault),
                    denied ? Outcome.DENIED : Outcome.SUCCESS, ip, Events.enrichment(ip), "azure-cli/2.67");
        }
        return b.build();
    }

    /** A vault of the actor's subscription (from the start) that it does not use, or null. */
    private SimVault otherVault(Actor actor) {
        List<Integer> others = new ArrayList<>(world.vaultsOf(actor.subscription()));
        others.removeAll(actor.vaults());
        return others.isEmpty() ? null : world.vault(others.get(Math.floorMod(actor.index() * 17, others.size())));
    }

    /** An unused, established principal of the kind (from the initial population). */
    private Actor victim(Kind kind, java.util.function.Predicate<Actor> fits) {
        List<Actor> candidates = world.actors().stream()
                .filter(a -> a.kind() == kind && a.startDay() == 0 && !used.contains(a.index()) && fits.test(a))
                .toList();
        if (candidates.isEmpty()) {
            candidates = world.actors().stream().filter(a -> a.kind() == kind && a.startDay() == 0 && fits.test(a))
                    .toList();
        }
        Actor victim = candidates.get(random.nextInt(candidates.size()));
        used.add(victim.index());
        return victim;
    }

    private String secret(SimVault vault) {
        return vault.secrets().get(random.nextInt(vault.secrets().size()));
    }

    /** Collects an attack's events and derives its label from them. */
    private final class Builder {
        private final String id;
        private final AlertType type;
        private final Principal principal;
        private final String description;
        private final List<AccessEvent> events = new ArrayList<>();

        Builder(String id, AlertType type, Principal principal, String description) {
            this.id = id;
            this.type = type;
            this.principal = principal;
            this.description = description;
        }

        void add(SimVault vault, Instant time, OperationKind kind, String object, Outcome outcome, String ip,
                IpEnrichment enrichment, String agent) {
            events.add(Events.of(id + "/" + events.size(), vault, time, kind, object, outcome, principal, ip,
                    enrichment, agent));
        }

        Planned build() {
            Instant start = events.stream().map(AccessEvent::time).min(Instant::compareTo).orElseThrow();
            Instant end = events.stream().map(AccessEvent::time).max(Instant::compareTo).orElseThrow();
            List<String> vaults = events.stream().map(e -> e.vault().id()).distinct().toList();
            Attack label = new Attack(id, type, start, end, events.get(0).subscriptionId(), principal.objectId(),
                    principal.label(), vaults, events.get(0).client().ip(), description,
                    events.stream().map(AccessEvent::eventId).toList());
            return new Planned(label, List.copyOf(events));
        }
    }
}
