from ninja import NinjaAPI

api = NinjaAPI(title="Renda API", version="1.0", urls_namespace="api")
