package io.vigil.alert.service;

/**
 * Who made a change, as the token and the request tell it: recorded in audits and in the alert a rule change raises.
 *
 * @param name the token's principal name (UPN or preferred user name)
 * @param subject the token's subject, the stable account id
 * @param ip the client address the request came from
 */
public record Actor(String name, String subject, String ip, String userAgent) {
}
