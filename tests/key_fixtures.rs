//! Keys made by `openssl` at test time, in every format people have.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

pub struct KeyDir {
    pub dir: TempDir,
}

/// One key pair written in several formats.
pub struct Material {
    /// (format, private key file)
    pub private: Vec<(&'static str, PathBuf)>,
    /// (format, public key file: SPKI, certificate, …)
    pub public: Vec<(&'static str, PathBuf)>,
}

impl Material {
    pub fn key(&self) -> &Path {
        &self.private[0].1
    }

    pub fn spki(&self) -> &Path {
        &self.public[0].1
    }
}

impl KeyDir {
    pub fn new() -> KeyDir {
        KeyDir {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn openssl(&self, args: &[&str]) {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("openssl must be installed for the key tests");
        assert!(
            out.status.success(),
            "openssl {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn cert(&self, p: &str, key: &str) {
        self.openssl(&[
            "req",
            "-new",
            "-x509",
            "-key",
            key,
            "-subj",
            "/CN=jwtgrant-test",
            "-days",
            "30",
            "-out",
            &format!("{p}.crt.pem"),
        ]);
        self.openssl(&[
            "x509",
            "-in",
            &format!("{p}.crt.pem"),
            "-outform",
            "DER",
            "-out",
            &format!("{p}.crt.der"),
        ]);
    }

    fn public_forms(&self, p: &str, key: &str) {
        self.openssl(&[
            "pkey",
            "-in",
            key,
            "-pubout",
            "-out",
            &format!("{p}.spki.pem"),
        ]);
        self.openssl(&[
            "pkey",
            "-in",
            key,
            "-pubout",
            "-outform",
            "DER",
            "-out",
            &format!("{p}.spki.der"),
        ]);
        self.cert(p, key);
    }

    /// RSA in PKCS#8 and PKCS#1, PEM and DER; SPKI, PKCS#1 public, certificate.
    pub fn rsa(&self, bits: u32) -> Material {
        let p = format!("rsa{bits}");
        let p8 = format!("{p}.p8.pem");
        self.openssl(&[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            &format!("rsa_keygen_bits:{bits}"),
            "-out",
            &p8,
        ]);
        self.openssl(&[
            "rsa",
            "-in",
            &p8,
            "-traditional",
            "-out",
            &format!("{p}.p1.pem"),
        ]);
        self.openssl(&[
            "pkey",
            "-in",
            &p8,
            "-outform",
            "DER",
            "-out",
            &format!("{p}.p8.der"),
        ]);
        self.openssl(&[
            "rsa",
            "-in",
            &p8,
            "-traditional",
            "-outform",
            "DER",
            "-out",
            &format!("{p}.p1.der"),
        ]);
        self.openssl(&[
            "rsa",
            "-in",
            &p8,
            "-RSAPublicKey_out",
            "-out",
            &format!("{p}.p1pub.pem"),
        ]);
        self.public_forms(&p, &p8);
        self.material(
            &p,
            &[
                ("PKCS#8 PEM", "p8.pem"),
                ("PKCS#1 PEM", "p1.pem"),
                ("PKCS#8 DER", "p8.der"),
                ("PKCS#1 DER", "p1.der"),
            ],
            &[("PKCS#1 public PEM", "p1pub.pem")],
        )
    }

    /// EC in SEC1 (with its EC PARAMETERS block) and PKCS#8, PEM and DER; SPKI; certificate.
    pub fn ec(&self, curve: &str) -> Material {
        let p = format!("ec-{curve}");
        let sec1 = format!("{p}.sec1.pem");
        self.openssl(&["ecparam", "-name", curve, "-genkey", "-out", &sec1]);
        self.openssl(&[
            "pkcs8",
            "-topk8",
            "-nocrypt",
            "-in",
            &sec1,
            "-out",
            &format!("{p}.p8.pem"),
        ]);
        self.openssl(&[
            "ec",
            "-in",
            &sec1,
            "-outform",
            "DER",
            "-out",
            &format!("{p}.sec1.der"),
        ]);
        self.openssl(&[
            "pkcs8",
            "-topk8",
            "-nocrypt",
            "-in",
            &sec1,
            "-outform",
            "DER",
            "-out",
            &format!("{p}.p8.der"),
        ]);
        self.public_forms(&p, &sec1);
        self.material(
            &p,
            &[
                ("PKCS#8 PEM", "p8.pem"),
                ("SEC1 PEM", "sec1.pem"),
                ("PKCS#8 DER", "p8.der"),
                ("SEC1 DER", "sec1.der"),
            ],
            &[],
        )
    }

    pub fn ed25519(&self) -> Material {
        let p = "ed25519";
        let p8 = format!("{p}.p8.pem");
        self.openssl(&["genpkey", "-algorithm", "ed25519", "-out", &p8]);
        self.openssl(&[
            "pkey",
            "-in",
            &p8,
            "-outform",
            "DER",
            "-out",
            &format!("{p}.p8.der"),
        ]);
        self.public_forms(p, &p8);
        self.material(
            p,
            &[("PKCS#8 PEM", "p8.pem"), ("PKCS#8 DER", "p8.der")],
            &[],
        )
    }

    fn material(
        &self,
        p: &str,
        private: &[(&'static str, &str)],
        extra_public: &[(&'static str, &str)],
    ) -> Material {
        let mut public: Vec<(&'static str, PathBuf)> = vec![
            ("SPKI PEM", self.path(&format!("{p}.spki.pem"))),
            ("SPKI DER", self.path(&format!("{p}.spki.der"))),
            ("X.509 PEM", self.path(&format!("{p}.crt.pem"))),
            ("X.509 DER", self.path(&format!("{p}.crt.der"))),
        ];
        public.extend(
            extra_public
                .iter()
                .map(|(f, s)| (*f, self.path(&format!("{p}.{s}")))),
        );
        Material {
            private: private
                .iter()
                .map(|(f, s)| (*f, self.path(&format!("{p}.{s}"))))
                .collect(),
            public,
        }
    }

    /// Material for an algorithm: RSA for RS*/PS*, the curve for ES*, Ed25519 for EdDSA.
    pub fn for_alg(&self, alg: &str) -> Material {
        match alg {
            "ES256" => self.ec("prime256v1"),
            "ES384" => self.ec("secp384r1"),
            "ES512" => self.ec("secp521r1"),
            "EdDSA" | "Ed25519" => self.ed25519(),
            _ => self.rsa(2048),
        }
    }

    /// A shared secret of `len` bytes (printable, so it can also go through an env var).
    pub fn secret(&self, name: &str, len: usize) -> PathBuf {
        let text: String = (0..len)
            .map(|i| (b'a' + (i * 7 % 26) as u8) as char)
            .collect();
        self.write(name, text)
    }
}

pub const ASYMMETRIC_ALGS: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
    "Ed25519",
];

pub const HMAC_ALGS: &[(&str, usize)] = &[("HS256", 32), ("HS384", 48), ("HS512", 64)];
