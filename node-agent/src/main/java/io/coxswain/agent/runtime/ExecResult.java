package io.coxswain.agent.runtime;

/**
 * A finished exec: its exit code and the first few kilobytes of combined output (probe and hook
 * messages quote it). A command that ran past its timeout is killed and reports {@code timedOut}.
 */
public record ExecResult(int exitCode, String output, boolean timedOut) {}
