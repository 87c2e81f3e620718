package io.vigil.events;

/** Who called: each identifier may be absent, so {@link #label()} picks the most telling one. */
public record Principal(PrincipalType type, String objectId, String upn, String appId, String displayName) {

    public static Principal unknown() {
        return new Principal(PrincipalType.UNKNOWN, null, null, null, null);
    }

    public String label() {
        for (String candidate : new String[] {upn, displayName, objectId, appId}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return "unknown caller";
    }
}
