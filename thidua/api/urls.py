from ninja import NinjaAPI

api = NinjaAPI(title="Thi Đua API", version="1", urls_namespace="api")
