package io.vigil.alert.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import io.vigil.events.AccessedObject;
import io.vigil.events.Principal;

/**
 * The alert entities a suppression condition can name: Defender's entity vocabulary cut to what a vault alert has.
 * A field may have no value (an application caller has no UPN); a condition on it then does not match, so a rule
 * never dismisses an alert for lack of information.
 */
public enum EntityField {
    PRINCIPAL_UPN("principal.upn", a -> principal(a).map(Principal::upn).stream().toList()),
    PRINCIPAL_OBJECT_ID("principal.objectId", a -> principal(a).map(Principal::objectId).stream().toList()),
    PRINCIPAL_APP_ID("principal.appId", a -> principal(a).map(Principal::appId).stream().toList()),
    IP_ADDRESS("ip.address", a -> a.details == null || a.details.client() == null ? List.of()
            : Stream.ofNullable(a.details.client().ip()).toList()),
    VAULT_ID("vault.id", a -> Stream.ofNullable(a.vaultId).toList()),
    VAULT_NAME("vault.name", a -> Stream.ofNullable(a.vaultName).toList()),
    /** Any of the alert's accessed secrets, keys or certificates. */
    OBJECT_NAME("object.name", a -> a.details == null || a.details.objects() == null ? List.of()
            : a.details.objects().stream().map(AccessedObject::name).toList());

    private final String path;
    private final Function<Alert, List<String>> values;

    EntityField(String path, Function<Alert, List<String>> values) {
        this.path = path;
        this.values = values;
    }

    public String path() {
        return path;
    }

    /** The field's non-blank values on this alert; empty when the alert does not carry it. */
    public List<String> valuesOf(Alert alert) {
        List<String> present = new ArrayList<>();
        for (String value : values.apply(alert)) {
            if (value != null && !value.isBlank()) {
                present.add(value);
            }
        }
        return present;
    }

    public static Optional<EntityField> byPath(String path) {
        return Arrays.stream(values()).filter(f -> f.path.equals(path)).findFirst();
    }

    public static List<String> paths() {
        return Arrays.stream(values()).map(EntityField::path).toList();
    }

    private static Optional<Principal> principal(Alert alert) {
        return Optional.ofNullable(alert.details).map(AlertDetails::principal);
    }
}
