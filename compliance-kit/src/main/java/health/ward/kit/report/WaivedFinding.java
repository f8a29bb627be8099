package health.ward.kit.report;

import health.ward.kit.check.Finding;
import health.ward.kit.waiver.Waivers;

/** A finding a waiver covers: reported, marked as waived, not counted against the control. */
public record WaivedFinding(Finding finding, Waivers.Waiver waiver) {
}
