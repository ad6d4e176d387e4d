"""Every door Ratusha opens, read from the component registry (not a hand list).

- REST services: plone.rest registers each `<plone:service method=… name=…>` as a named
  multi-adapter (for_, layer) whose name is `<METHOD>_<type>_<subtype>_<name>`; we keep those
  registered from a ZCML file of the `ratusha` package.
- Control panels: `IControlpanel` adapters of Ratusha, reached through plone.restapi's
  `@controlpanels/<name>` (GET and PATCH).
- Browser views: the other (context, request) adapters Ratusha's ZCML registers (browser:page).
- Content: plone.restapi's own services on one object of each of Ratusha's content types,
  with and without an Accept header (through `++api++`).

Each endpoint also carries the names its code reads (`data.get("x")`, `form["x"]`…), so the
fuzzer sends wrong values under the names that matter, not only under random ones.
"""

import dataclasses
import inspect
import pathlib
from plone.rest.negotiation import _services
import ratusha
import re
from zope.component import getSiteManager
from zope.interface import Interface
from zope.publisher.interfaces.browser import IBrowserRequest


PACKAGE = pathlib.Path(ratusha.__file__).parent
SERVICE_NAME = re.compile(r"^(?P<method>[A-Z]+)_(?P<type>[^_]+)_(?P<subtype>[^_]+)_(?P<name>.*)$")
KEY = re.compile(
    r"""(?:\.get|\.getlist|\.pop)\(\s*["']([A-Za-z_][\w.:-]*)["']"""
    r"""|\[\s*["']([A-Za-z_][\w.:-]*)["']\s*\]"""
)
# names that are never input (attributes of responses, headers, catalog keys)
NOT_INPUT = {
    "error",
    "message",
    "type",
    "items",
    "@id",
    "REQUEST_METHOD",
    "ACTUAL_URL",
    "PATH_INFO",
    "HTTP_ACCEPT",
    "HTTP_AUTHORIZATION",
    "Content-Type",
    "URL",
}


@dataclasses.dataclass(frozen=True)
class Endpoint:
    kind: str  # "rest", "controlpanel", "view", "content"
    method: str
    name: str  # the path segment after the context ("" for the object itself)
    for_: type  # the interface of the context
    keys: tuple = ()  # input names found in its code
    accept: bool = True

    @property
    def label(self):
        where = getattr(self.for_, "__name__", str(self.for_))
        accept = "" if self.accept else " (no Accept)"
        return f"{self.method} {where}/{self.name}{accept}"


def _registrations():
    """Adapter registrations of the site manager and every registry below it.

    plone.testing stacks registries per layer, so the global one alone would miss the ZCML
    loaded by the layer; in a real instance this is simply the global registry.
    """
    seen, stack = set(), [getSiteManager()]
    while stack:
        registry = stack.pop()
        if id(registry) in seen:
            continue
        seen.add(id(registry))
        yield from registry.registeredAdapters()
        stack.extend(registry.__bases__)


def _from_ratusha(registration) -> bool:
    info = getattr(registration, "info", None)
    path = getattr(info, "file", None) or ""
    return str(PACKAGE) in str(path)


def _ratusha_modules(factory):
    """The modules of the factory's Ratusha classes, and the Ratusha modules they use (where
    a service's helpers read its input)."""
    modules = {}
    for klass in inspect.getmro(factory):
        module = inspect.getmodule(klass)
        if module is not None and module.__name__.startswith("ratusha."):
            modules[module.__name__] = module
    for module in list(modules.values()):
        for value in vars(module).values():
            used = value if inspect.ismodule(value) else inspect.getmodule(value)
            if (
                used is not None
                and used.__name__.startswith("ratusha.")
                and not used.__name__.startswith(("ratusha.core", "ratusha.audit"))
            ):
                modules.setdefault(used.__name__, used)
    return modules.values()


def _source_keys(factory) -> tuple:
    """Input names read in the code of an endpoint (`data.get("x")`, `form["x"]`…)."""
    keys = set()
    for module in _ratusha_modules(factory):
        try:
            source = inspect.getsource(module)
        except (OSError, TypeError):
            continue
        for match in KEY.finditer(source):
            keys.add(match.group(1) or match.group(2))
    return tuple(sorted(keys - NOT_INPUT))


def _form_keys(factory) -> tuple:
    """z3c.form fields and buttons of a form view (or of the form a control panel wraps)."""
    form = getattr(factory, "form", None) if not hasattr(factory, "fields") else factory
    schema = getattr(form, "schema", None)
    if schema is None:
        return ()
    names = [f"form.widgets.{name}" for name in schema.names()]
    return tuple(names) + ("form.buttons.save", "form.buttons.test", "form.buttons.cancel")


def rest_services():
    found = []
    for reg in _registrations():
        if len(reg.required) != 2 or not _from_ratusha(reg):
            continue
        match = SERVICE_NAME.match(reg.name)
        if not match or match["method"] not in _services or not match["name"]:
            continue
        found.append(
            Endpoint(
                "rest", match["method"], match["name"], reg.required[0], _source_keys(reg.factory)
            )
        )
    return sorted(set(found), key=lambda e: e.label)


def controlpanels():
    from plone.restapi.controlpanels import IControlpanel

    found = []
    for reg in _registrations():
        if reg.provided is IControlpanel and _from_ratusha(reg):
            keys = tuple(sorted(reg.factory.schema.names())) if reg.factory.schema else ()
            for method in ("GET", "PATCH"):
                found.append(
                    Endpoint("controlpanel", method, f"@controlpanels/{reg.name}", Interface, keys)
                )
    return sorted(found, key=lambda e: e.label)


def views():
    found = []
    for reg in _registrations():
        if len(reg.required) != 2 or reg.provided is not Interface or not _from_ratusha(reg):
            continue
        if SERVICE_NAME.match(reg.name) or not reg.required[1].isOrExtends(IBrowserRequest):
            continue
        if not isinstance(reg.factory, type):
            continue
        keys = _source_keys(reg.factory) + _form_keys(reg.factory)
        for method in ("GET", "POST"):
            found.append(Endpoint("view", method, f"@@{reg.name}", reg.required[0], keys))
    return sorted(set(found), key=lambda e: e.label)


def content_types(portal):
    """Ratusha's own Dexterity types (schema or class from the package)."""
    types = []
    for fti in portal.portal_types.objectValues():
        if any(
            str(getattr(fti, attr, "") or "").startswith("ratusha.")
            for attr in ("schema", "klass", "model_file")
        ):
            types.append(fti.getId())
    return sorted(types)


def content_endpoints(portal):
    found = []
    for portal_type in content_types(portal):
        for method in ("GET", "PATCH", "DELETE", "POST"):
            found.append(Endpoint("content", method, "", portal_type, ("title",)))
        for method in ("PATCH", "DELETE"):  # without an Accept header they crashed
            found.append(Endpoint("content", method, "", portal_type, ("title",), accept=False))
    return found
