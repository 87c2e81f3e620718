package io.vigil.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.vigil.events.DeterministicId;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Vault;

/**
 * The organisation the traffic comes from: subscriptions (about 12 vaults each), their vaults with their secrets, and
 * the actors working on them. Built once from the seed; everything here is fixed for the whole scenario.
 */
public final class World {

    /** Well-known first-party client applications a person signs in through. */
    static final String PORTAL = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";
    static final String AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    static final String POWERSHELL = "1950a258-227b-4e31-a9cf-717495945fc2";
    static final String VS_CODE = "aebc6443-996d-45c2-90f0-388ff96faa56";

    private static final String[] SECRET_NAMES = {"db-password", "api-key", "storage-connection", "signing-cert",
        "smtp-password", "oauth-client-secret", "redis-password", "service-bus-key", "jwt-secret", "sas-token",
        "encryption-key", "webhook-secret", "ldap-bind", "grafana-admin", "registry-token"};
    private static final String[] TEAMS = {"payments", "orders", "identity", "search", "billing", "platform", "data",
        "mobile", "web", "analytics", "risk", "ledger", "catalog", "shipping", "support", "crm"};
    /** Sites: UTC offset in hours and two public egress /24s (office, VPN). */
    private static final Site[] SITES = {
        new Site("amsterdam", 1, "145.52.17", "145.52.96"),
        new Site("new-york", -5, "64.124.33", "64.124.190"),
        new Site("bangalore", 5, "49.207.44", "49.207.130"),
        new Site("seattle", -8, "131.107.5", "131.107.88"),
        new Site("tokyo", 9, "153.127.12", "153.127.201")};

    public record Site(String name, int utcOffset, String office, String vpn) {
    }

    /**
     * The organisation's egress /24s (first three octets: offices, VPN, self-hosted CI runners), configured as the
     * subscriptions' trusted networks.
     */
    static final java.util.Set<String> TRUSTED_RANGES = java.util.Arrays.stream(SITES)
            .flatMap(site -> java.util.stream.Stream.of(site.office(), site.vpn()))
            .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));

    static {
        // the self-hosted CI runners' NAT egress: four /24s per subscription
        for (int s = 0; s < 64; s++) {
            for (int k = 0; k < 4; k++) {
                TRUSTED_RANGES.add("20.42." + (s * 4 + k));
            }
        }
    }

    public record SimVault(int index, int subscription, Vault vault, List<String> secrets, int createdDay) {

        public String subscriptionId() {
            return World.subscriptionId(subscription);
        }
    }

    public enum Kind { APP, CI, PERSON, ADMIN, ROTATION }

    /**
     * One caller and its habits.
     *
     * @param vaults the vaults it works on, in its subscription
     * @param intervalMinutes applications: minutes between reads
     * @param dailyHour applications: UTC hour of the daily restart; people: start of the working day, local
     * @param apps people: client applications, the first one the usual
     * @param lister people: whether they list a vault before reading it (some people browse, others know the name)
     * @param keyUser applications: signs with a key rather than reading secrets
     * @param startDay first day of activity: 0 for the initial population, later for new hires and new apps
     */
    public record Actor(int index, Kind kind, Principal principal, int subscription, List<Integer> vaults,
            int intervalMinutes, int dailyHour, List<String> apps, Site site, boolean lister, boolean keyUser,
            String privateIp, int startDay) {

        public String key() {
            return principal.objectId();
        }
    }

    private final ScenarioSpec spec;
    private final int subscriptions;
    private final List<SimVault> vaults = new ArrayList<>();
    private final List<Actor> actors = new ArrayList<>();
    private final List<SimVault> projects = new ArrayList<>();

    public World(ScenarioSpec spec) {
        this.spec = spec;
        Random random = new Random(spec.seed());
        this.subscriptions = Math.max(1, Math.round(spec.vaults() / 12f));
        for (int v = 0; v < spec.vaults(); v++) {
            vaults.add(newVault(v, v % subscriptions, 0, random));
        }
        int principals = spec.principals();
        // per subscription: one rotation job and two administrators; then applications, CI jobs and people
        for (int s = 0; s < subscriptions && actors.size() < principals; s++) {
            actors.add(actor(Kind.ROTATION, s, random, null));
            actors.add(actor(Kind.ADMIN, s, random, null));
            actors.add(actor(Kind.ADMIN, s, random, null));
        }
        // organic growth: new projects start after the learning period, each with a new vault, its service and
        // its new hires; their detectors learn the new vault as they would any other
        int projectCount = Math.max(1, principals / 100);
        for (int p = 0; p < projectCount; p++) {
            int day = spec.learningDays() + 1 + random.nextInt(spec.days() - spec.learningDays() - 2);
            projects.add(newVault(vaults.size(), random.nextInt(subscriptions), day, random));
            vaults.add(projects.get(p));
        }
        int fixed = actors.size();
        for (int i = fixed; i < principals; i++) {
            double r = random.nextDouble();
            Kind kind = r < 0.35 ? Kind.APP : r < 0.40 ? Kind.CI : Kind.PERSON;
            SimVault project = (kind == Kind.PERSON || kind == Kind.APP) && random.nextDouble() < 0.04
                    ? projects.get(random.nextInt(projects.size())) : null;
            if (project == null) {
                actors.add(actor(kind, random.nextInt(subscriptions), random, null));
            } else {
                actors.add(actor(kind, project.subscription(), random, project));
            }
        }
    }

    private SimVault newVault(int index, int subscription, int createdDay, Random random) {
        String team = TEAMS[index % TEAMS.length];
        String env = index / TEAMS.length % 3 == 0 ? "prod" : index / TEAMS.length % 3 == 1 ? "dev" : "stage";
        String name = "kv-" + team + "-" + env + (index >= 3 * TEAMS.length ? "-" + index : "");
        Vault vault = new Vault("/subscriptions/" + subscriptionId(subscription) + "/resourcegroups/rg-" + team
                + "/providers/microsoft.keyvault/vaults/" + name, name);
        List<String> secrets = new ArrayList<>();
        int count = 8 + random.nextInt(25);
        for (int i = 0; i < count; i++) {
            secrets.add(SECRET_NAMES[i % SECRET_NAMES.length] + (i >= SECRET_NAMES.length ? "-" + i : ""));
        }
        return new SimVault(index, subscription, vault, List.copyOf(secrets), createdDay);
    }

    private Actor actor(Kind kind, int subscription, Random random, SimVault project) {
        // a project's members start on its first day or within two days after it
        int startDay = project == null ? 0 : Math.min(spec.days() - 1, project.createdDay() + random.nextInt(3));
        int index = actors.size();
        List<Integer> subscriptionVaults = vaultsOf(subscription);
        String oid = uuid("oid", index);
        Site site = SITES[random.nextInt(SITES.length)];
        String privateIp = "10." + (subscription + 1) + "." + (index / 250) + "." + (index % 250 + 2);
        switch (kind) {
            case ROTATION -> {
                return new Actor(index, kind, new Principal(PrincipalType.APPLICATION, oid, null, uuid("app", index),
                        "secret-rotator-" + subscription), subscription, subscriptionVaults, 0, 2, List.of(), site,
                        false, false, privateIp, startDay);
            }
            case ADMIN -> {
                String upn = "admin" + index + "@" + tenant(subscription);
                return new Actor(index, kind, new Principal(PrincipalType.USER, oid, upn, PORTAL, null), subscription,
                        subscriptionVaults, 0, 8, List.of(PORTAL), site, false, false, privateIp, startDay);
            }
            case APP -> {
                List<Integer> own = new ArrayList<>();
                if (project != null) {
                    own.add(project.index());
                } else {
                    own.add(pick(subscriptionVaults, random));
                    if (random.nextDouble() < 0.3) {
                        int shared = pick(subscriptionVaults, random);
                        if (!own.contains(shared)) {
                            own.add(shared);
                        }
                    }
                }
                int[] intervals = {5, 10, 15, 30, 30, 60, 60, 120, 120, 240};
                String name = TEAMS[random.nextInt(TEAMS.length)] + "-svc-" + index;
                return new Actor(index, kind, new Principal(PrincipalType.APPLICATION, oid, null, uuid("app", index),
                        name), subscription, List.copyOf(own), intervals[random.nextInt(intervals.length)],
                        random.nextInt(24), List.of(), site, false, random.nextDouble() < 0.2, privateIp, startDay);
            }
            case CI -> {
                List<Integer> own = new ArrayList<>(List.of(pick(subscriptionVaults, random)));
                int second = pick(subscriptionVaults, random);
                if (!own.contains(second)) {
                    own.add(second);
                }
                return new Actor(index, kind, new Principal(PrincipalType.APPLICATION, oid, null, uuid("app", index),
                        "ci-pipeline-" + index), subscription, List.copyOf(own), 0, 8, List.of(), site, false, false,
                        privateIp, startDay);
            }
            default -> {
                List<Integer> own = new ArrayList<>();
                int count = project != null ? 0 : 1 + random.nextInt(3);
                if (project != null) {
                    own.add(project.index());
                }
                int first = project != null ? 0 : pick(subscriptionVaults, random);
                // a team's vaults are neighbours (prod, dev and stage of one team share an index modulo TEAMS)
                for (int k = 0; k < count && k < subscriptionVaults.size(); k++) {
                    int vault = subscriptionVaults.get((subscriptionVaults.indexOf(first) + k)
                            % subscriptionVaults.size());
                    own.add(vault);
                }
                List<String> apps = new ArrayList<>();
                String[] choices = {PORTAL, AZURE_CLI, AZURE_CLI, POWERSHELL, VS_CODE};
                apps.add(choices[random.nextInt(choices.length)]);
                if (random.nextDouble() < 0.3) {
                    String second = choices[random.nextInt(choices.length)];
                    if (!apps.contains(second)) {
                        apps.add(second);
                    }
                }
                String upn = "user" + index + "@" + tenant(subscription);
                return new Actor(index, kind, new Principal(PrincipalType.USER, oid, upn, apps.get(0), null),
                        subscription, List.copyOf(own), 0, 8 + random.nextInt(3), List.copyOf(apps), site,
                        random.nextDouble() < 0.4, false, privateIp, startDay);
            }
        }
    }

    private static int pick(List<Integer> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }

    public List<Integer> vaultsOf(int subscription) {
        return vaults.stream().filter(v -> v.subscription() == subscription && v.createdDay() == 0)
                .map(SimVault::index).toList();
    }

    public static String subscriptionId(int subscription) {
        return "sub-" + (char) ('a' + subscription % 26) + (subscription >= 26 ? String.valueOf(subscription) : "");
    }

    static String tenant(int subscription) {
        return "contoso" + subscription + ".example";
    }

    static String uuid(String kind, int index) {
        String hex = DeterministicId.of("simulator", kind, String.valueOf(index));
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    public ScenarioSpec spec() {
        return spec;
    }

    public int subscriptions() {
        return subscriptions;
    }

    public List<SimVault> vaults() {
        return vaults;
    }

    public SimVault vault(int index) {
        return vaults.get(index);
    }

    public List<Actor> actors() {
        return actors;
    }
}
