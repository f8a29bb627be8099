package health.ward.e2e.bench;

/** Request bodies with synthetic, obviously fake demographics: load tests never use real PHI. */
final class SyntheticPatient {

    private SyntheticPatient() {
    }

    static String json(String identifier) {
        return """
                {"identifier":"%s","name":{"family":"Loadtest","given":["Synthetic"]},\
                "birthDate":"1970-01-01","sex":"unknown","telecom":"+00 000 0000","address":"1 Bench Street"}"""
                .formatted(identifier);
    }
}
