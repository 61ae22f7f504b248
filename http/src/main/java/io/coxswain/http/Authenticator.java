package io.coxswain.http;

import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * The authentication step of every API request: says who is calling, or refuses with 401. One
 * implementation for now (everyone is the admin, on loopback); TLS client certificates and tokens
 * plug in here.
 */
public interface Authenticator {
  UserInfo authenticate(HttpRequest request);

  record UserInfo(String name, java.util.List<String> groups) {}

  /** Every caller is the given admin user: fit only for a loopback-bound server. */
  static Authenticator fixedAdmin(String user) {
    UserInfo admin = new UserInfo(user, java.util.List.of("system:masters", "system:authenticated"));
    return request -> admin;
  }
}
