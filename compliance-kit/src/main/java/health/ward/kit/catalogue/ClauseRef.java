package health.ward.kit.catalogue;

/** One clause of a framework, as cited by a control or listed by the framework file. */
public record ClauseRef(String clause, String title) {
}
