"""Who is who in a council, as local roles computed from the fields (never stored).

On the council (and so on everything in it): its councillors get Councillor, its chair
Council Chair, its staff Council Staff and Editor. On a committee opinion, the committee's
chair and secretary get Editor, which lets them give the opinion and nothing else.
The global groups (councillors, council-chair, council-staff) still work as before.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from ratusha.core.localroles import add_roles
from ratusha.core.localroles import FieldLocalRoles
from ratusha.council.interfaces import ICommitteeOpinion
from ratusha.council.interfaces import ICouncil
from zope.component import adapter
from zope.interface import implementer


@implementer(ILocalRoleProvider)
@adapter(ICouncil)
class CouncilLocalRoles(FieldLocalRoles):
    def table(self):
        council = self.context
        table = {}
        add_roles(table, [u for u in (council.councillors or ()) if u], ("Councillor",))
        add_roles(table, [council.chair], ("Council Chair",))
        add_roles(table, council.staff, ("Council Staff", "Editor"))
        return table


@implementer(ILocalRoleProvider)
@adapter(ICommitteeOpinion)
class OpinionLocalRoles(FieldLocalRoles):
    def table(self):
        committee = self.context.committee_object()
        table = {}
        if committee is not None:
            add_roles(table, [committee.chair, committee.secretary], ("Editor",))
        return table
