"""Allergen and label filters of the catalogue, category and search pages ("without gluten", "organic"):
GET parameters `without` and `label`, as on a shop's page, so a filtered list is a link and works
without script. The rule is shops.selectors.food_q, reached through the storefront search engine's
filters (catalogue.search_handlers), so counts and pages agree."""

from __future__ import annotations

from django.http import HttpResponse

from shops.product_details import ALLERGEN_CODES, ALLERGENS, LABEL_CODES, LABELS


class FoodFiltersMixin:
    """For Oscar's haystack list views: narrows the search to the ticked filters, and gives the
    template the checkboxes (`allergen_choices`, `label_choices`, `food_filtered`)."""

    def food_codes(self) -> tuple[list[str], list[str]]:
        without = sorted(set(self.request.GET.getlist("without")) & ALLERGEN_CODES)
        labels = sorted(set(self.request.GET.getlist("label")) & LABEL_CODES)
        return without, labels

    def form_valid(self, form) -> HttpResponse:
        # Haystack's form_valid, with the filters added to the form's search.
        queryset = form.search()
        without, labels = self.food_codes()
        for code in without:
            queryset = queryset.filter(without=code)
        for code in labels:
            queryset = queryset.filter(label=code)
        self.queryset = queryset
        context = self.get_context_data(
            **{
                self.form_name: form,
                "query": form.cleaned_data.get(self.search_field),
                "object_list": self.queryset,
            }
        )
        return self.render_to_response(context)

    def get_context_data(self, *args, **kwargs) -> dict:
        context = super().get_context_data(*args, **kwargs)
        without, labels = self.food_codes()
        context.update(
            allergen_choices=[(code, name, code in without) for code, name in ALLERGENS],
            label_choices=[(code, name, code in labels) for code, name in LABELS],
            food_filtered=bool(without or labels),
        )
        return context
