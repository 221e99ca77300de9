from wagtail.models import Page


class MinimalPage(Page):
    """No fields, no context, a plain template: Wagtail's own cost of serving a page
    (site lookup, routing, ``specific``, view restrictions, serve, template) and nothing else.

    With ``?chrome=1`` it renders its title inside the site's ``base.html`` instead (header,
    menu, user bar, CSRF-protected forms): what the site's chrome adds to any page.
    """

    template = "minimal/minimal_page.html"

    def get_template(self, request, *args, **kwargs):
        if request.GET.get("chrome"):
            return "minimal/minimal_page_chrome.html"
        return super().get_template(request, *args, **kwargs)
