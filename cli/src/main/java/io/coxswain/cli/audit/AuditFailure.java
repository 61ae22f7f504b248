package io.coxswain.cli.audit;

/** What an audit command tells the user when it cannot do what was asked (exit code 1). */
final class AuditFailure extends RuntimeException {
  AuditFailure(String message) {
    super(message);
  }
}
