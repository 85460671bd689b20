import { SIGNATURE_SUITES, signatureSuite, SUITE_NAMES } from './signature-suite';

/**
 * Each suite against its standard's published test vectors, then the properties the record relies
 * on: a signature verifies by its own key only, over its own message only, and nothing malformed
 * is taken for a signature or a key.
 */
describe('the signature suites', () => {
  describe('ed25519-sha256', () => {
    const suite = signatureSuite('ed25519-sha256');

    it('digests as FIPS 180-4 says (SHA-256 of "abc" and of the empty string)', () => {
      expect(suite.digest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      expect(suite.digest('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });

    it('signs and verifies RFC 8032’s test vectors 1 and 2 (section 7.1)', () => {
      const vectors = [
        {
          secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
          publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
          message: '',
          signature:
            'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
        },
        {
          secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
          publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
          message: '72',
          signature:
            '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
        },
      ];
      for (const v of vectors) {
        const message = Buffer.from(v.message, 'hex');
        expect(suite.publicKeyOf(v.secret)).toBe(v.publicKey);
        expect(suite.sign(message, v.secret)).toBe(v.signature); // Ed25519 is deterministic
        expect(suite.verify(message, v.signature, v.publicKey)).toBe(true);
      }
    });
  });

  describe('sm2-sm3', () => {
    const suite = signatureSuite('sm2-sm3');

    it('digests as GM/T 0004 says (its examples 1 and 2)', () => {
      expect(suite.digest('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
      expect(suite.digest('abcd'.repeat(16))).toBe(
        'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
      );
    });

    it('verifies the published SM2 signature example on the recommended curve (GB/T 32918.5 / GM/T 0003.5)', () => {
      const privateKey = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
      const publicKey =
        '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
      const signature =
        'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';
      expect(suite.publicKeyOf(privateKey)).toBe(publicKey);
      expect(suite.isPublicKey(publicKey)).toBe(true);
      expect(suite.verify('message digest', signature, publicKey)).toBe(true);
      expect(suite.verify('message digesT', signature, publicKey)).toBe(false);
    });
  });

  it.each(SUITE_NAMES)(
    '%s: a signature holds for its key and message only, and nothing malformed passes',
    (name) => {
      const suite = SIGNATURE_SUITES[name];
      const alice = suite.generateKeyPair();
      const bob = suite.generateKeyPair();
      expect(suite.publicKeyOf(alice.privateKey)).toBe(alice.publicKey);
      expect(suite.isPublicKey(alice.publicKey)).toBe(true);
      const message = '任职资格环节纪实摘要 / the qualification gate’s digest';
      const signature = suite.sign(message, alice.privateKey);
      expect(suite.verify(message, signature, alice.publicKey)).toBe(true);
      expect(suite.verify(message, signature, bob.publicKey)).toBe(false);
      expect(suite.verify(`${message}.`, signature, alice.publicKey)).toBe(false);
      const flipped = (signature[0] === '0' ? '1' : '0') + signature.slice(1);
      expect(suite.verify(message, flipped, alice.publicKey)).toBe(false);
      for (const bad of ['', 'zz', signature.slice(2), `${signature}00`, signature.toUpperCase()])
        expect(suite.verify(message, bad, alice.publicKey)).toBe(false);
      for (const bad of ['', '04', alice.publicKey.slice(2), 'x'.repeat(alice.publicKey.length)])
        expect(suite.isPublicKey(bad)).toBe(false);
      // A key of the other suite is not one of this suite's.
      const other = SIGNATURE_SUITES[name === 'sm2-sm3' ? 'ed25519-sha256' : 'sm2-sm3'].generateKeyPair();
      expect(suite.isPublicKey(other.publicKey)).toBe(false);
    },
  );
});
