"""Pages of the commendation part, one module per area; each module keeps its routes next to its views
(``urlpatterns``), and ``thidua/awards/urls.py`` joins them."""
