from thidua.awards.views import councils, decisions, eligibility, history, proposals

app_name = "awards"
urlpatterns = [
    *eligibility.urlpatterns,
    *history.urlpatterns,
    *proposals.urlpatterns,
    *councils.urlpatterns,
    *decisions.urlpatterns,
]
