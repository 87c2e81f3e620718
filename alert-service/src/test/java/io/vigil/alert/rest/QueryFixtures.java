package io.vigil.alert.rest;

import static io.restassured.RestAssured.given;
import static io.vigil.alert.AlertServiceTest.token;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.path.json.JsonPath;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.DeterministicId;
import io.vigil.events.Evidence;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Severity;
import io.vigil.events.Source;
import io.vigil.events.Vault;

/** Detections of any shape for the query API tests, and reading the alerts they become through the API. */
final class QueryFixtures {

    private QueryFixtures() {
    }

    static Vault vault(String subscription, String name) {
        return new Vault("/subscriptions/" + subscription + "/providers/microsoft.keyvault/vaults/" + name, name);
    }

    static Principal user(String objectId, String upn) {
        return new Principal(PrincipalType.USER, objectId, upn, null, null);
    }

    static Principal app(String objectId, String appId) {
        return new Principal(PrincipalType.APPLICATION, objectId, null, appId, null);
    }

    /** A builder: every detection opens its own alert unless {@link Spec#key} is shared. */
    static Spec detection(String subscription) {
        return new Spec(subscription);
    }

    static final class Spec {
        final String subscription;
        AlertType type = AlertType.KV_TORAccess;
        Severity severity;
        String vaultName = "kv-prod";
        String vaultId;
        Principal principal = user("oid-" + UUID.randomUUID(), "mallory@contoso.com");
        String ip = "185.220.101.45";
        boolean tor = true;
        List<String> secrets = List.of("db-password");
        Instant firstSeen = Instant.parse("2026-11-20T10:00:00Z");
        Instant lastSeen;
        String key = UUID.randomUUID().toString();

        Spec(String subscription) {
            this.subscription = subscription;
        }

        Spec type(AlertType value) {
            type = value;
            return this;
        }

        Spec severity(Severity value) {
            severity = value;
            return this;
        }

        Spec vault(String value) {
            vaultName = value;
            return this;
        }

        /** Another vault of the same name (another cluster, account or region). */
        Spec vaultId(String value) {
            vaultId = value;
            return this;
        }

        Spec principal(Principal value) {
            principal = value;
            return this;
        }

        Spec ip(String value, boolean isTor) {
            ip = value;
            tor = isTor;
            return this;
        }

        Spec secrets(String... names) {
            secrets = List.of(names);
            return this;
        }

        Spec at(Instant time) {
            firstSeen = time;
            lastSeen = time;
            return this;
        }

        Spec seen(Instant first, Instant last) {
            firstSeen = first;
            lastSeen = last;
            return this;
        }

        Spec key(String value) {
            key = value;
            return this;
        }

        Detection build() {
            Vault vault = vaultId == null ? QueryFixtures.vault(subscription, vaultName) : new Vault(vaultId, vaultName);
            Instant last = lastSeen == null ? firstSeen : lastSeen;
            List<AccessedObject> objects = new ArrayList<>();
            List<String> eventIds = new ArrayList<>();
            for (String secret : secrets) {
                objects.add(new AccessedObject("https://" + vaultName + ".vault.azure.net/secrets/" + secret, secret,
                        "SecretGet", last));
                eventIds.add(DeterministicId.of(key, secret, last.toString()));
            }
            String correlationKey = String.join("|", subscription, type.name(), vault.id(), key);
            return new Detection(DeterministicId.of(correlationKey, eventIds.toString()), Detection.SCHEMA_VERSION,
                    type, subscription, Source.AZURE_KEY_VAULT, vault, principal,
                    new AccessEvent.Client(ip, "curl/8.5.0"), new IpEnrichment(tor, List.of(), false, false),
                    severity != null ? severity : type.severity(), type.tactics(), type.techniques(), firstSeen, last,
                    new Evidence(principal.label() + " touched " + secrets + " in " + vaultName + " from " + ip,
                            Map.of("ip", ip)),
                    objects, objects.size(), eventIds, correlationKey);
        }
    }

    static String alertsPath(String subscription) {
        return "/api/v1/subscriptions/" + subscription + "/alerts";
    }

    /** Waits until the subscription's list counts {@code total} alerts (and, optionally, detections). */
    static void awaitTotal(String subscription, long total) {
        String token = token("vigil-viewer", subscription);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> given().auth()
                .oauth2(token).when().get(alertsPath(subscription) + "?limit=1&includeTotal=exact").then().statusCode(200).extract()
                .jsonPath().getLong("total"), n -> n == total);
    }

    /** Every alert of the list with these query parameters, in order, following the cursors. */
    static List<Map<String, Object>> all(String subscription, String query) {
        String token = token("vigil-viewer", subscription);
        List<Map<String, Object>> items = new ArrayList<>();
        String path = alertsPath(subscription) + (query.isEmpty() ? "" : "?" + query);
        while (path != null) {
            JsonPath page = given().auth().oauth2(token).when().get(path).then().statusCode(200).extract().jsonPath();
            items.addAll(page.getList("items"));
            path = page.getString("links.next");
        }
        return items;
    }

    static List<String> ids(String subscription, String query) {
        return all(subscription, query).stream().map(a -> (String) a.get("id")).toList();
    }

    static String alertId(Detection detection) {
        return DeterministicId.of(detection.correlationKey(), detection.detectionId());
    }

    /** Moves the alert to the status through the API, as a responder would. */
    static void changeStatus(String sub, String id, String status, String token) {
        String path = alertsPath(sub) + "/" + id;
        String etag = given().auth().oauth2(token).when().get(path).then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(token).header("If-Match", etag).contentType("application/json")
                .body("{\"status\":\"" + status + "\",\"comment\":\"test\"}").when().post(path + "/status").then()
                .statusCode(200);
    }
}
