package io.coxswain.persistence.audit;

import io.coxswain.core.patch.ObjectDiff;

/**
 * One version in an object's history and how it differs from the version before it of the same
 * object (same uid); the first version of an object is a diff from nothing.
 */
public record HistoryStep(JournalEntry entry, ObjectDiff diff) {}
