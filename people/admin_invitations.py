"""Admin screens that send invitations (people/invitations.py): the Staff listing's bulk action
"Send invitations" (which a row's "Send an invitation" button opens for one person), and the
offer that follows a roster import that created accounts.

HR invites the staff of its scope, provincial administrators every one; selected profiles
outside the user's scope are counted, never named, and stop the action.
"""

import operator
from functools import reduce

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from staff_lms.permissions import PermissionRequiredMixin
from staff_lms.scoping import ScopedObjectMixin

from .admin_views import NEW_ACCOUNTS_SESSION_KEY, STAFF_LISTING
from .invitations import NO_SIGN_IN_PAGES, available, invite, sort_out
from .models import StaffProfile
from .roster import MANAGE_ROSTER
from .viewsets import StaffProfileFilterSet, StaffProfileViewSet


def sent_message(selection):
    count = len(selection.invited)
    return ngettext(
        "An invitation is on its way to %(count)d person.", "Invitations are on their way to %(count)d people.", count
    ) % {"count": count}


class InviteBulkAction(ScopedObjectMixin, SnippetBulkAction):
    display_name = _("Send invitations")
    action_type = "invite"
    aria_label = _("E-mail the selected staff an invitation to set their password")
    template_name = "people/admin/confirm_bulk_invite.html"
    action_priority = 20
    models = [StaffProfile]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(MANAGE_ROSTER):
            raise PermissionDenied
        if not available():
            messages.error(request, NO_SIGN_IN_PAGES)
            return redirect(STAFF_LISTING)
        return super().dispatch(request, *args, **kwargs)

    filterset_class = StaffProfileFilterSet

    def scoped_objects(self):
        return super().scoped_objects().select_related("user", "institution").prefetch_related("user__groups")

    def search(self, queryset, query):
        fields = StaffProfileViewSet.search_fields
        return queryset.filter(reduce(operator.or_, (Q(**{f"{name}__icontains": query}) for name in fields)))

    @cached_property
    def invitations(self):
        profiles, _out_of_scope = self.selection
        return sort_out(self.request.user, [profile.user for profile in profiles])

    def get_actionable_objects(self):
        _profiles, out_of_scope = self.selection
        invited = [user.staff_profile for user in self.invitations.invited]
        return invited, {
            "items_with_no_access": [],
            "out_of_scope": out_of_scope,
            "skipped": [
                (label, [user.staff_profile for user in users]) for label, users in self.invitations.skipped_groups()
            ],
        }

    def form_valid(self, form):
        _profiles, out_of_scope = self.selection
        if out_of_scope:
            messages.error(
                self.request,
                ngettext(
                    "%(count)d selected person is not in your scope: nobody was invited.",
                    "%(count)d selected people are not in your scope: nobody was invited.",
                    out_of_scope,
                )
                % {"count": out_of_scope},
            )
            return redirect(self.next_url)
        if not self.invitations.invited:
            messages.error(self.request, _("Nobody selected is waiting for an invitation."))
            return redirect(self.next_url)
        selection = invite(self.request.user, self.invitations.invited)
        messages.success(self.request, sent_message(selection))
        return redirect(self.next_url)


class InviteImportedView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """After an import that created accounts: "Send invitations to the N new accounts" (or not
    now). The accounts are those the user's own import created (kept in the session), invited
    as the bulk action would."""

    permission_required = MANAGE_ROSTER
    template_name = "people/admin/invite_imported.html"
    page_title = _("Invite the new accounts")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(STAFF_LISTING), "label": _("Staff")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def selection(self):
        ids = self.request.session.get(NEW_ACCOUNTS_SESSION_KEY, [])
        visible = StaffProfile.objects.visible_to(self.request.user).values("user")
        users = (
            get_user_model()
            .objects.filter(pk__in=ids)
            .filter(pk__in=visible)
            .select_related("staff_profile")
            .prefetch_related("groups")
            .order_by("staff_profile__full_name")
        )
        return sort_out(self.request.user, users)

    def get(self, request, *args, **kwargs):
        if not available():
            messages.error(request, NO_SIGN_IN_PAGES)
            return redirect(STAFF_LISTING)
        if not self.selection.invited:
            request.session.pop(NEW_ACCOUNTS_SESSION_KEY, None)
            return redirect(STAFF_LISTING)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not available():
            messages.error(request, NO_SIGN_IN_PAGES)
            return redirect(STAFF_LISTING)
        accounts = self.selection.invited
        request.session.pop(NEW_ACCOUNTS_SESSION_KEY, None)
        if accounts:
            messages.success(request, sent_message(invite(request.user, accounts)))
        return redirect(STAFF_LISTING)

    def get_context_data(self, **kwargs):
        return super().get_context_data(accounts=self.selection.invited, listing_url=reverse(STAFF_LISTING), **kwargs)
