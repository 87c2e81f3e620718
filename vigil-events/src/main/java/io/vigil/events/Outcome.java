package io.vigil.events;

/** How an operation ended, decided from the HTTP status (Azure's resultType says Success on 403s). */
public enum Outcome {
    SUCCESS, DENIED, NOT_FOUND, FAILED;

    public static Outcome fromHttpStatus(int status) {
        if (status >= 200 && status < 400) {
            return SUCCESS;
        }
        return switch (status) {
            case 401, 403 -> DENIED;
            case 404 -> NOT_FOUND;
            default -> FAILED;
        };
    }
}
