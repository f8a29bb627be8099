package health.ward.patient.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The two-part subject key (WARD-GDPR-002): RFC 5869 HKDF, and neither half alone gives the key. */
class SubjectKeyDerivationTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        byte[] okm = SubjectKeys.hkdfSha256(HEX.parseHex("0b".repeat(22)), HEX.parseHex("000102030405060708090a0b0c"),
                HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"));
        // RFC 5869 A.1, the first 32 of the 42 OKM octets.
        assertThat(HEX.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    }

    @Test
    void theFieldKeyNeedsBothTheDataKeyAndTheShare() {
        UUID id = UUID.randomUUID();
        byte[] dataKey = new byte[32];
        byte[] share = new byte[32];
        share[0] = 1;
        byte[] key = SubjectKeys.derive(dataKey.clone(), share.clone(), id).getEncoded();
        assertThat(SubjectKeys.derive(dataKey.clone(), share.clone(), id).getEncoded()).isEqualTo(key);
        byte[] otherShare = share.clone();
        otherShare[31] = 1;
        assertThat(SubjectKeys.derive(dataKey.clone(), otherShare, id).getEncoded()).isNotEqualTo(key);
        assertThat(SubjectKeys.derive(dataKey.clone(), share.clone(), UUID.randomUUID()).getEncoded()).isNotEqualTo(key);
        assertThat(key).as("the data key alone is not the field key").isNotEqualTo(dataKey);
    }
}
