from wagtail.permission_policies import ModelPermissionPolicy


class ReportPermissionPolicy(ModelPermissionPolicy):
    """The reports' own permissions, held by ``reports.Report``: an action is the codename of one
    of them ("view_completion_records"), not Django's "<action>_<model>"."""

    def _get_permission_codename(self, action):
        return action
