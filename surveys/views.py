"""Survey pages: residents answer (account or emailed link) and read published results; the town hall
creates, invites, reads results with the free texts, opens, closes and publishes. Dashboard access is
in apps.py (`permissions_map`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from surveys import selectors, services
from surveys.exceptions import AnswerRefused
from surveys.forms import AnswerForm, InviteForm, SurveyCreateForm, SurveySettingsForm
from surveys.models import Invitation, Response, Survey


class SurveyAnswerView(View):
    template_name = "surveys/answer.html"

    def dispatch(self, request: HttpRequest, slug: str) -> HttpResponse:
        survey = get_object_or_404(Survey, slug=slug)
        self.survey = selectors.survey_with_questions(survey_id=survey.pk)
        token = request.GET.get("invitation", "")[:64]
        self.invitation = Invitation.objects.filter(survey=survey, token=token).first() if token else None
        return super().dispatch(request, slug)

    def _already(self) -> bool:
        if self.invitation is not None:
            return Response.objects.filter(invitation=self.invitation).exists()
        user = self.request.user
        return user.is_authenticated and Response.objects.filter(survey=self.survey, user=user).exists()

    def _render(self, form: AnswerForm | None, status: int = 200) -> HttpResponse:
        can_answer = self.invitation is not None or self.request.user.is_authenticated
        context = {
            "survey": self.survey,
            "form": form,
            "can_answer": can_answer,
            "already": self._already(),
            "login_url": f"{reverse('customer:login')}?next={self.request.path}",
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._render(AnswerForm(survey=self.survey))

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        form = AnswerForm(request.POST, survey=self.survey)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            services.response_submit(
                survey=self.survey, answers=form.answers(), user=request.user, invitation=self.invitation
            )
        except AnswerRefused as refusal:
            messages.error(request, str(refusal))
            return self._render(form, status=409)
        return render(request, "surveys/thanks.html", {"survey": self.survey})


class SurveyResultsView(View):
    """The storefront's results, once the town hall publishes them (charts only: no free texts)."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        survey = get_object_or_404(Survey, slug=slug, results_published=True)
        total, results = selectors.survey_results(survey=survey, with_texts=False)
        return render(request, "surveys/results.html", {"survey": survey, "total": total, "results": results})


# --- Dashboard: the town hall's surveys


class SurveyListView(ListView):
    template_name = "surveys/dashboard/list.html"
    context_object_name = "surveys"
    paginate_by = 25

    def get_queryset(self):
        return selectors.all_surveys()


class SurveyCreateView(View):
    template_name = "surveys/dashboard/create.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": SurveyCreateForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SurveyCreateForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        survey = services.survey_create(
            title=form.cleaned_data["title"],
            slug=form.cleaned_data["slug"],
            description=form.cleaned_data["description"],
            questions=form.cleaned_data["questions"],
        )
        messages.success(request, _("Survey created."))
        return redirect("dashboard:survey-detail", pk=survey.pk)


class SurveyDetailView(View):
    """Results with free texts, open/close and publish, invitations by email."""

    template_name = "surveys/dashboard/detail.html"

    def get(self, request: HttpRequest, pk: int, **forms) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        total, results = selectors.survey_results(survey=survey, with_texts=True)
        context = {
            "survey": survey,
            "total": total,
            "results": results,
            "settings_form": forms.get("settings_form") or SurveySettingsForm(instance=survey),
            "invite_form": forms.get("invite_form") or InviteForm(),
            "invited": survey.invitations.count(),
        }
        return render(request, self.template_name, context, status=400 if forms else 200)


class SurveySettingsView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        form = SurveySettingsForm(request.POST, instance=Survey.objects.get(pk=pk))
        if not form.is_valid():  # pragma: no cover (two booleans cannot be invalid)
            raise Http404
        services.survey_settings_set(survey=survey, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("dashboard:survey-detail", pk=pk)


class SurveyInviteView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        form = InviteForm(request.POST)
        if not form.is_valid():
            return SurveyDetailView().get(request, pk, invite_form=form)
        count = services.survey_invite(survey=survey, emails=form.cleaned_data["emails"])
        messages.success(request, _("%(count)s invitation(s) on their way.") % {"count": count})
        return redirect("dashboard:survey-detail", pk=pk)
