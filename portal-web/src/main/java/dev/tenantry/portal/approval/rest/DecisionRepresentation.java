package dev.tenantry.portal.approval.rest;

/** A decision's note: optional to approve or withdraw, required to reject. */
public record DecisionRepresentation(String note) {
}
