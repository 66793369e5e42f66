"""The basket's line formsets: Oscar's, answering a tampered or partial management form with a clear error.

Oscar's basket view copies the management form's MIN_NUM_FORMS and MAX_NUM_FORMS from the request when a
line is deleted next to an invalid one, so a request without them (an old page, a hand-made POST) was a
KeyError, a 500. They are optional in Django's own management form: missing, they get Django's defaults.
"""

from django.forms.formsets import DEFAULT_MAX_NUM, MAX_NUM_FORM_COUNT, MIN_NUM_FORM_COUNT
from django.forms.models import modelformset_factory
from django.utils.translation import gettext_lazy as _
from oscar.apps.basket import formsets as oscar_formsets
from oscar.apps.basket.formsets import BaseSavedLineFormSet, SavedLineFormSet  # noqa: F401 (the fork's other classes)
from oscar.core.loading import get_classes, get_model

Line = get_model("basket", "line")
BasketLineForm = get_classes("basket.forms", ["BasketLineForm"])[0]


class BaseBasketLineFormSet(oscar_formsets.BaseBasketLineFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "The basket form arrived incomplete (an old page?), so nothing was changed: "
            "please change the quantities again."
        ),
    }

    def __init__(self, strategy, *args, **kwargs) -> None:  # noqa: ANN001 (Oscar's signature)
        data = kwargs.get("data")
        if data is not None:
            prefix = kwargs.get("prefix") or self.get_default_prefix()
            defaults = {
                f"{prefix}-{MIN_NUM_FORM_COUNT}": "0",
                f"{prefix}-{MAX_NUM_FORM_COUNT}": str(DEFAULT_MAX_NUM),
            }
            if any(name not in data for name in defaults):
                data = data.copy()
                for name, value in defaults.items():
                    data.setdefault(name, value)
                kwargs["data"] = data
        super().__init__(strategy, *args, **kwargs)


BasketLineFormSet = modelformset_factory(
    Line, form=BasketLineForm, formset=BaseBasketLineFormSet, extra=0, can_delete=True
)
