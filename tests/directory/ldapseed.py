"""The test directory's people and groups, for OpenLDAP and for the AD-lite tree.

OpenLDAP (dc=ratusha,dc=test):
  ivan     councillor (directly), staff
  georgi   in committee-budget, which is inside councillors (nested), and in loop-a/loop-b
  maria    registry
  elena    staff and a directory group called "Administrators" (must not become Manager)
  blocked  permanently locked (ppolicy): a disabled account
  5,000 generated users in ou=bulk (loaded with slapadd before start)
AD-lite (dc=ad,dc=test): ipetrov (Councillors), ggeorgiev (Budget Committee, nested in
Councillors), gone (userAccountControl 514: disabled).
"""

import base64
from ldapserver import AD_SUFFIX
from ldapserver import SUFFIX
import uuid


PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
BULK = f"ou=bulk,{SUFFIX}"
AD_STAFF = f"OU=Staff,{AD_SUFFIX}"
AD_GROUPS = f"OU=Groups,{AD_SUFFIX}"
BULK_USERS = 5000

SERVICES = f"ou=services,{SUFFIX}"
READER_DN = f"cn=ratusha-reader,{SERVICES}"
READER_PASSWORD = "reader-Secret-1"

PASSWORDS = {
    "ivan": "ivan-Secret-1",
    "georgi": "georgi-Secret-1",
    "maria": "maria-Secret-1",
    "elena": "elena-Secret-1",
    "blocked": "blocked-Secret-1",
    "ipetrov": "ipetrov-Secret-1",
    "ggeorgiev": "ggeorgiev-Secret-1",
    "gone": "gone-Secret-1",
}

COMMITTEE_DN = f"cn=committee-budget,{GROUPS}"
COUNCILLORS_DN = f"cn=councillors,{GROUPS}"
# a DN with filter metacharacters, to prove member filters are escaped
PARENS_DN = f"cn=Комисия (бюджет),{GROUPS}"


def person(uid, fullname, surname, extra=""):
    return (
        f"dn: uid={uid},{PEOPLE}\nobjectClass: inetOrgPerson\nuid: {uid}\n"
        f"cn: {fullname}\nsn: {surname}\ndisplayName: {fullname}\n"
        f"mail: {uid}@ratusha.test\nuserPassword: {PASSWORDS[uid]}\n{extra}\n"
    )


def group(cn, *members, description=""):
    lines = [f"dn: cn={cn},{GROUPS}", "objectClass: groupOfNames", f"cn: {cn}"]
    lines += [f"member: {member}" for member in members]
    if description:
        lines.append(f"description: {description}")
    return "\n".join(lines) + "\n\n"


def uid_dn(uid):
    return f"uid={uid},{PEOPLE}"


OPENLDAP_SEED = (
    f"dn: {SERVICES}\nobjectClass: organizationalUnit\nou: services\n\n"
    f"dn: {READER_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
    f"cn: ratusha-reader\nuserPassword: {READER_PASSWORD}\n\n"
    f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n\n"
    f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: groups\n\n"
    + person(
        "ivan",
        "Иван Петров",
        "Петров",
        "ou: Бюджет и финанси\ntitle: Общински съветник\ntelephoneNumber: +359 32 000 101\n",
    )
    + person("georgi", "Георги Иванов", "Иванов")
    + person("maria", "Мария Петрова", "Петрова", "title: Деловодител\n")
    + person("elena", "Елена Димитрова", "Димитрова")
    + person("blocked", "Блокиран Служител", "Служител", "pwdAccountLockedTime: 000001010000Z\n")
    + group("committee-budget", uid_dn("georgi"), description="Постоянна комисия по бюджет")
    + group("councillors", uid_dn("ivan"), COMMITTEE_DN, description="Общински съветници")
    + group("registry", uid_dn("maria"))
    + group("staff", uid_dn("ivan"), uid_dn("maria"), uid_dn("elena"))
    + group("Administrators", uid_dn("elena"))
    + group("Комисия (бюджет)", uid_dn("maria"))
    + group("loop-a", uid_dn("georgi"), f"cn=loop-b,{GROUPS}")
    + group("loop-b", f"cn=loop-a,{GROUPS}")
)


def guid(name):
    return uuid.uuid5(uuid.NAMESPACE_DNS, f"{name}.ad.test")


def ad_person(sam, fullname, uac, extra=""):
    raw = base64.b64encode(guid(sam).bytes_le).decode()
    return (
        f"dn: CN={fullname},{AD_STAFF}\nobjectClass: inetOrgPerson\nobjectClass: user\n"
        f"cn: {fullname}\nsn: {fullname.split()[-1]}\ndisplayName: {fullname}\n"
        f"sAMAccountName: {sam}\nuserPrincipalName: {sam}@ad.test\nobjectCategory: person\n"
        f"objectGUID:: {raw}\nuserAccountControl: {uac}\nmail: {sam}@ad.test\n"
        f"userPassword: {PASSWORDS[sam]}\n{extra}\n"
    )


def ad_group(cn, *members):
    raw = base64.b64encode(guid(cn).bytes_le).decode()
    lines = [
        f"dn: CN={cn},{AD_GROUPS}",
        "objectClass: group",
        f"cn: {cn}",
        f"sAMAccountName: {cn.replace(' ', '')}",
        f"objectGUID:: {raw}",
    ]
    lines += [f"member: {member}" for member in members]
    return "\n".join(lines) + "\n\n"


AD_SEED = (
    f"dn: {AD_SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: ad\no: AD\n\n"
    f"dn: {AD_STAFF}\nobjectClass: organizationalUnit\nou: Staff\n\n"
    f"dn: {AD_GROUPS}\nobjectClass: organizationalUnit\nou: Groups\n\n"
    + ad_person("ipetrov", "Ivan Petrov", 512, "department: Budget\ntitle: Councillor\n")
    + ad_person("ggeorgiev", "Georgi Georgiev", 66048)
    + ad_person("gone", "Gone Away", 514)
    + ad_group("Budget Committee", f"CN=Georgi Georgiev,{AD_STAFF}")
    + ad_group("Councillors", f"CN=Ivan Petrov,{AD_STAFF}", f"CN=Budget Committee,{AD_GROUPS}")
)


BASE = f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: ratusha\no: Община Примерна\n\n"


def base_ldif(path):
    """Only the base entry, for slapadd."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(BASE)
    return path


def bulk_ldif(path, count=BULK_USERS):
    """The base entry and `count` generated users, for slapadd (fast, before start)."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(BASE)
        out.write(f"dn: {BULK}\nobjectClass: organizationalUnit\nou: bulk\n\n")
        for number in range(1, count + 1):
            uid = f"user{number:05d}"
            out.write(
                f"dn: uid={uid},{BULK}\nobjectClass: inetOrgPerson\nuid: {uid}\n"
                f"cn: Служител {number}\nsn: {number}\nmail: {uid}@ratusha.test\n\n"
            )
    return path


# what ldapadd loads into a running server, per suffix
LDIFS = [(SUFFIX, OPENLDAP_SEED), (AD_SUFFIX, AD_SEED)]
