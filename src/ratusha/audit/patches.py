"""Role assignments have no event in PAS; wrap the role manager so they are recorded.

Applied with collective.monkeypatcher (see configure.zcml); each wrapper calls the original
and records the principal's roles before and after.
"""

from ratusha.audit.recorder import record


def _roles(manager, principal_id):
    return sorted(manager._principal_roles.get(principal_id, ()))


def _recorded(original_name):
    def wrapper(self, *args, **kwargs):
        principal_id = args[1]  # (role_id or roles, principal_id, ...)
        before = _roles(self, principal_id)
        result = getattr(self, original_name)(*args, **kwargs)
        after = _roles(self, principal_id)
        if before != after:
            record(
                "authz.roles", details={"principal": principal_id, "before": before, "after": after}
            )
        return result

    return wrapper


assign_role = _recorded("_old_assignRoleToPrincipal")
assign_roles = _recorded("_old_assignRolesToPrincipal")
remove_role = _recorded("_old_removeRoleFromPrincipal")
