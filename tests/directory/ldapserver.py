"""A real OpenLDAP slapd for the tests: private slapd.conf in a temp dir, 127.0.0.1, free port.

Debian's slapd (packages slapd, ldap-utils). Each server runs in the foreground (`-d 0`) as a
child of the test process, so it is stopped by its PID and reaped. Two databases: an
OpenLDAP/inetOrgPerson tree (dc=ratusha,dc=test) and an "AD-lite" tree (dc=ad,dc=test) with
Microsoft's attribute OIDs (sAMAccountName, userPrincipalName, objectGUID, userAccountControl)
so the Active Directory preset runs against a real server too. Only AD's IN_CHAIN matching
rule cannot be had here: OpenLDAP answers it with no entries and no error.
"""

import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import time


SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
SLAPADD = shutil.which("slapadd") or "/usr/sbin/slapadd"
SLAPTEST = shutil.which("slaptest") or "/usr/sbin/slaptest"
LDAPADD = shutil.which("ldapadd") or "/usr/bin/ldapadd"
LDAPWHOAMI = shutil.which("ldapwhoami") or "/usr/bin/ldapwhoami"
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")

SUFFIX = "dc=ratusha,dc=test"
AD_SUFFIX = "dc=ad,dc=test"
ROOT_PASSWORD = "root-secret"

AD_LITE_SCHEMA = """\
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch
  SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch
  SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.2 NAME 'objectGUID' EQUALITY octetStringMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.2.141 NAME 'department' EQUALITY caseIgnoreMatch
  SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.782 NAME 'objectCategory' EQUALITY caseIgnoreMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.2.840.113556.1.5.9 NAME 'user' SUP top AUXILIARY
  MAY ( sAMAccountName $ userPrincipalName $ objectGUID $ userAccountControl $ department $
        objectCategory ) )
objectclass ( 1.2.840.113556.1.5.8 NAME 'group' SUP top STRUCTURAL MUST cn
  MAY ( member $ sAMAccountName $ objectGUID $ description $ objectCategory ) )
"""

CONFIG = """\
include {schema}/core.schema
include {schema}/cosine.schema
include {schema}/inetorgperson.schema
include {schema}/nis.schema
include {work}/ad-lite.schema
pidfile {work}/slapd.pid
argsfile {work}/slapd.args
modulepath {modules}
moduleload back_mdb
moduleload memberof
moduleload refint
moduleload ppolicy
{tls}
database mdb
suffix "{suffix}"
rootdn "cn=admin,{suffix}"
rootpw {root_password}
directory {work}/db
maxsize 268435456
index objectClass eq
index uid,cn,mail,displayName eq,sub
index member,memberOf,entryUUID eq
# like AD (MaxPageSize, no total limit for paged searches) for bound service accounts;
# anonymous searches stop at slapd's default of 500 entries
limits users size.soft=500 size.hard=unlimited size.prtotal=unlimited
overlay memberof
memberof-group-oc groupOfNames
memberof-member-ad member
memberof-memberof-ad memberOf
memberof-refint TRUE
overlay refint
refint_attributes member
overlay ppolicy

database mdb
suffix "{ad_suffix}"
rootdn "cn=admin,{ad_suffix}"
rootpw {root_password}
directory {work}/ad-db
maxsize 67108864
index objectClass eq
index sAMAccountName,userPrincipalName,cn,member,memberOf,objectGUID eq
overlay memberof
memberof-group-oc group
memberof-member-ad member
memberof-memberof-ad memberOf
memberof-refint TRUE
overlay refint
refint_attributes member
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Slapd:
    """One slapd process. `start()` loads `preload` with slapadd, starts, then adds `seed`
    with ldapadd (so the memberof overlay fills memberOf)."""

    def __init__(self, work, preload, seed=(), tls=None):
        self.work = Path(work)
        self.seed = seed
        self.preload = preload
        self.tls = tls  # {"ca": path, "cert": path, "key": path} or None
        self.port = free_port()
        self.ldaps_port = free_port() if tls else None
        self.process = None

    @property
    def url(self):
        return f"ldap://127.0.0.1:{self.port}"

    @property
    def ldaps_url(self):
        return f"ldaps://127.0.0.1:{self.ldaps_port}"

    @property
    def pid(self):
        return self.process.pid

    def _write_config(self):
        (self.work / "db").mkdir(parents=True, exist_ok=True)
        (self.work / "ad-db").mkdir(parents=True, exist_ok=True)
        (self.work / "ad-lite.schema").write_text(AD_LITE_SCHEMA)
        tls = ""
        if self.tls:
            tls = (
                f"TLSCACertificateFile {self.tls['ca']}\n"
                f"TLSCertificateFile {self.tls['cert']}\n"
                f"TLSCertificateKeyFile {self.tls['key']}\n"
            )
        config = CONFIG.format(
            schema=SCHEMA_DIR,
            modules=MODULE_DIR,
            work=self.work,
            tls=tls,
            suffix=SUFFIX,
            ad_suffix=AD_SUFFIX,
            root_password=ROOT_PASSWORD,
        )
        (self.work / "slapd.conf").write_text(config)
        subprocess.run(
            [SLAPTEST, "-u", "-f", str(self.work / "slapd.conf")], check=True, capture_output=True
        )

    def start(self):
        self._write_config()
        subprocess.run(
            [
                SLAPADD,
                "-q",
                "-f",
                str(self.work / "slapd.conf"),
                "-b",
                SUFFIX,
                "-l",
                str(self.preload),
            ],
            check=True,
            capture_output=True,
        )
        self.launch()
        try:
            for suffix, ldif in self.seed:
                self.add(suffix, ldif)
        except BaseException:
            self.stop()
            raise
        return self

    def launch(self):
        """Start (or restart) the process on the same ports and data."""
        urls = self.url + "/" + (f" {self.ldaps_url}/" if self.tls else "")
        log = open(self.work / "slapd.log", "ab")
        self.process = subprocess.Popen(
            [SLAPD, "-f", str(self.work / "slapd.conf"), "-h", urls, "-d", "0"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"slapd exited: {(self.work / 'slapd.log').read_text()[-2000:]}")
            probe = subprocess.run(
                [LDAPWHOAMI, "-x", "-H", self.url, "-D", f"cn=admin,{SUFFIX}", "-w", ROOT_PASSWORD],
                capture_output=True,
            )
            if probe.returncode == 0:
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("slapd did not answer within 15 s")

    def add(self, suffix, ldif):
        added = subprocess.run(
            [LDAPADD, "-x", "-H", self.url, "-D", f"cn=admin,{suffix}", "-w", ROOT_PASSWORD],
            input=ldif.encode("utf-8"),
            capture_output=True,
        )
        if added.returncode:
            raise RuntimeError(f"ldapadd failed: {added.stderr.decode(errors='replace')}")

    def pause(self):
        """SIGSTOP: the kernel still accepts connections, nothing answers (a hung server)."""
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.pid, signal.SIGCONT)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.pid, signal.SIGCONT)
        os.kill(self.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(self.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def make_ca(directory, name):
    """A throwaway CA with openssl: returns (cert path, key path)."""
    directory = Path(directory)
    key, cert = directory / f"{name}.key", directory / f"{name}.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={name}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def make_server_certificate(directory, ca_cert, ca_key):
    """A server certificate for 127.0.0.1 and localhost, signed by the CA."""
    directory = Path(directory)
    key, csr, cert = directory / "server.key", directory / "server.csr", directory / "server.pem"
    extensions = directory / "server.ext"
    extensions.write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
    )
    subprocess.run(
        [
            "openssl",
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(csr),
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            "openssl",
            "x509",
            "-req",
            "-in",
            str(csr),
            "-CA",
            str(ca_cert),
            "-CAkey",
            str(ca_key),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            str(extensions),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key
