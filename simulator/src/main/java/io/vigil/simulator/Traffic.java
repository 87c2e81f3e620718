package io.vigil.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.vigil.events.AccessEvent;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;
import io.vigil.events.Principal;
import io.vigil.simulator.World.Actor;
import io.vigil.simulator.World.SimVault;

/**
 * The normal work of one day, actor by actor. Each actor's day draws from its own random stream (seed, actor, day), so
 * a day's traffic does not depend on what was generated before it.
 */
final class Traffic {

    private final World world;

    Traffic(World world) {
        this.world = world;
    }

    /** Every normal event of the day, unordered. */
    List<AccessEvent> day(int day) {
        List<AccessEvent> events = new ArrayList<>();
        for (Actor actor : world.actors()) {
            if (actor.startDay() > day) {
                continue;
            }
            Random random = new Random(world.spec().seed() * 1_000_003L + actor.index() * 10_007L + day);
            Day d = new Day(actor, day, random, events);
            switch (actor.kind()) {
                case APP -> d.application();
                case CI -> d.ciJob();
                case PERSON -> d.person();
                case ADMIN -> d.admin();
                case ROTATION -> d.rotation();
                default -> throw new IllegalStateException(actor.kind().name());
            }
        }
        return events;
    }

    static boolean weekend(int day) {
        return day % 7 >= 5;
    }

    /** One actor's day: its events are added to {@code out} with ids unique per actor, day and counter. */
    private final class Day {
        private final Actor actor;
        private final int day;
        private final Random random;
        private final List<AccessEvent> out;
        private final Instant midnight;
        private int counter;

        Day(Actor actor, int day, Random random, List<AccessEvent> out) {
            this.actor = actor;
            this.day = day;
            this.random = random;
            this.out = out;
            this.midnight = world.spec().day(day);
        }

        void add(SimVault vault, Instant time, OperationKind kind, String object, Outcome outcome, String ip,
                String userAgent, Principal principal) {
            // a session or round that starts late in the UTC day runs on past midnight; the scenario's end is the end
            if (time.isBefore(midnight) || !time.isBefore(world.spec().end())) {
                return;
            }
            out.add(Events.of(actor.index() + "/" + day + "/" + counter++, vault, time, kind, object, outcome,
                    principal, ip, Events.enrichment(ip), userAgent));
        }

        /**
         * A service: one read (or key signature) every interval around the clock, weekends included, and a daily
         * restart that lists its vault then reads its secrets. Rarely a 404 (a secret renamed under it) or a 403.
         */
        void application() {
            List<SimVault> vaults = actor.vaults().stream().map(world::vault).toList();
            long step = actor.intervalMinutes() * 60_000L;
            long phase = Math.floorMod(actor.index() * 7919L, step);
            String agent = "azsdk-java-keyvault-secrets/4.8.2";
            int restart = actor.dailyHour();
            for (long t = phase; t < 86_400_000L; t += step) {
                Instant time = midnight.plusMillis(t + (long) (random.nextGaussian() * step * 0.05));
                SimVault vault = vaults.get(random.nextInt(vaults.size()));
                Outcome outcome = random.nextDouble() < 0.0005 ? Outcome.DENIED
                        : random.nextDouble() < 0.001 ? Outcome.NOT_FOUND : Outcome.SUCCESS;
                if (actor.keyUser()) {
                    add(vault, time, OperationKind.KEY_USE, "signing-key", outcome, actor.privateIp(), agent,
                            actor.principal());
                } else {
                    add(vault, time, OperationKind.SECRET_READ, secretOf(vault, random.nextInt(3)), outcome,
                            actor.privateIp(), agent, actor.principal());
                }
            }
            boolean firstDay = day == actor.startDay();
            Instant restartAt = midnight.plus(Duration.ofHours(restart)).plusSeconds(random.nextInt(600));
            for (SimVault vault : firstDay ? vaults : List.of(vaults.get(0))) {
                add(vault, restartAt, OperationKind.SECRET_LIST, null, Outcome.SUCCESS, actor.privateIp(), agent,
                        actor.principal());
                for (int k = 0; k < 3; k++) {
                    add(vault, restartAt.plusSeconds(2 + k), OperationKind.SECRET_READ, secretOf(vault, k),
                            Outcome.SUCCESS, actor.privateIp(), agent, actor.principal());
                }
            }
        }

        /** A pipeline: working-day runs in its team's hours, from self-hosted runners behind four NAT /24s. */
        void ciJob() {
            if (weekend(day)) {
                return;
            }
            int runs = 2 + random.nextInt(8);
            for (int r = 0; r < runs; r++) {
                Instant start = local(7 + random.nextDouble() * 12);
                String ip = "20.42." + (actor.subscription() * 4 + random.nextInt(4)) + "." + (1 + random.nextInt(250));
                for (int v : actor.vaults()) {
                    SimVault vault = world.vault(v);
                    for (int k = 0; k < 2 + random.nextInt(3); k++) {
                        add(vault, start.plusSeconds(5L * k + random.nextInt(5)), OperationKind.SECRET_READ,
                                secretOf(vault, k), Outcome.SUCCESS, ip, "azure-pipelines-agent/3.236",
                                actor.principal());
                    }
                }
            }
        }

        /**
         * A person: working days in office hours of their site's time zone, a few sessions each reading some of the
         * team vault's secrets (browsers list first), writing one now and then, through their usual client and from
         * the office or VPN egress. A typo now and then (404), a write they may not make (403). Weekends: rarely.
         */
        void person() {
            int sessions = weekend(day) ? (random.nextDouble() < 0.05 ? 1 : 0) : 2 + random.nextInt(3);
            for (int s = 0; s < sessions; s++) {
                Instant start = local(actor.dailyHour() + random.nextDouble() * 9);
                SimVault vault = world.vault(actor.vaults().get(random.nextInt(actor.vaults().size())));
                String app = actor.apps().size() > 1 && random.nextDouble() < 0.3 ? actor.apps().get(1)
                        : actor.apps().get(0);
                Principal principal = new Principal(actor.principal().type(), actor.principal().objectId(),
                        actor.principal().upn(), app, null);
                String ip = (random.nextDouble() < 0.7 ? actor.site().office() : actor.site().vpn()) + "."
                        + (10 + actor.index() % 200);
                String agent = app.equals(World.PORTAL) ? "Mozilla/5.0 (Windows NT 10.0) Edge/131.0" : "azure-cli/2.67";
                Instant t = start;
                if (actor.lister() && random.nextDouble() < 0.5) {
                    add(vault, t, OperationKind.SECRET_LIST, null, Outcome.SUCCESS, ip, agent, principal);
                    t = t.plusSeconds(5 + random.nextInt(30));
                }
                int reads = 1 + random.nextInt(6);
                for (int k = 0; k < reads; k++) {
                    double r = random.nextDouble();
                    String secret = vault.secrets().get(random.nextInt(vault.secrets().size()));
                    if (r < 0.01) {
                        add(vault, t, OperationKind.SECRET_READ, secret.replaceFirst("e", ""), Outcome.NOT_FOUND, ip,
                                agent, principal);
                    } else if (r < 0.06) {
                        add(vault, t, OperationKind.SECRET_WRITE, secret,
                                random.nextDouble() < 0.1 ? Outcome.DENIED : Outcome.SUCCESS, ip, agent, principal);
                    } else {
                        add(vault, t, OperationKind.SECRET_READ, secret, Outcome.SUCCESS, ip, agent, principal);
                    }
                    t = t.plusSeconds(5 + random.nextInt(120));
                }
            }
        }

        /**
         * An administrator: on working days, the morning round over every vault of the subscription (properties),
         * and on Mondays the weekly access review that re-applies every vault's access policy.
         */
        void admin() {
            if (weekend(day)) {
                return;
            }
            Instant t = local(actor.dailyHour() + random.nextDouble());
            String ip = actor.site().office() + "." + (10 + actor.index() % 200);
            for (int v : actor.vaults()) {
                SimVault vault = world.vault(v);
                add(vault, t, OperationKind.VAULT_READ, null, Outcome.SUCCESS, ip, "Mozilla/5.0 Edge/131.0",
                        actor.principal());
                if (day % 7 == 0) {
                    add(vault, t.plusSeconds(20), OperationKind.POLICY_CHANGE, null, Outcome.SUCCESS, ip,
                            "Mozilla/5.0 Edge/131.0", actor.principal());
                }
                t = t.plusSeconds(30 + random.nextInt(60));
            }
        }

        /** The rotation job: every night at 02:00 UTC it writes a new version of one or two secrets per vault. */
        void rotation() {
            Instant t = midnight.plus(Duration.ofHours(2)).plusSeconds(random.nextInt(300));
            for (int v : actor.vaults()) {
                SimVault vault = world.vault(v);
                for (int k = 0; k < 1 + random.nextInt(2); k++) {
                    add(vault, t, OperationKind.SECRET_WRITE, vault.secrets().get(random.nextInt(vault.secrets().size())),
                            Outcome.SUCCESS, actor.privateIp(), "secret-rotator/1.4", actor.principal());
                    t = t.plusSeconds(3);
                }
            }
        }

        /** A local time of day (hours) at the actor's site, as an instant on this UTC day (wrapping around). */
        private Instant local(double hours) {
            double utc = hours - actor.site().utcOffset();
            utc = ((utc % 24) + 24) % 24;
            return midnight.plusMillis((long) (utc * 3_600_000));
        }

        private String secretOf(SimVault vault, int k) {
            return vault.secrets().get(Math.floorMod(actor.index() * 31 + k, vault.secrets().size()));
        }
    }
}
