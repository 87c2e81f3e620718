package io.vigil.events;

import java.util.Map;

/**
 * Why a detection fired.
 *
 * @param summary one sentence a responder understands: what is unusual compared with what baseline
 * @param facts the numbers and names behind the summary
 */
public record Evidence(String summary, Map<String, Object> facts) {

    public Evidence {
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }
}
