"""The GeoReport v2 endpoints. Each answers in the format of its URL suffix (.xml or .json), errors included.

Every failure is the spec's <errors> document with its HTTP status: 400 bad input, 403 bad or missing api_key,
404 unknown service, request, token or jurisdiction, 405 wrong method, 429 over the key's rate limit. An
unexpected failure is logged and answered as the spec's "general service error" (400), never as a 500 page.
"""

import logging
from functools import wraps

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cases.models import Category
from open311 import conf, ratelimit, selectors, serializers, services
from open311.bodies import read_body
from open311.errors import Open311Error
from open311.params import parse_new_request, parse_request_query
from open311.renderers import FORMATS, render, render_errors

logger = logging.getLogger(__name__)

# case_report's field names → the Open311 parameter to name in the message (None: the message says it all).
FIELD_PARAMS = {"position": None, "photos": None, "source": None}


def _check_jurisdiction(value: str) -> None:
    value = (value or "").strip()
    if value and value != conf.jurisdiction_id():
        raise Open311Error(
            404,
            _("jurisdiction_id “%(given)s” was not found; this server serves “%(ours)s”.")
            % {"given": value, "ours": conf.jurisdiction_id()},
        )


def endpoint(*methods: str):
    """Format from the URL suffix, allowed methods, jurisdiction_id of GETs, and errors in the spec's shape."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, fmt: str, **kwargs):
            fmt = fmt.lower()
            if fmt not in FORMATS:
                message = _("The format “%(format)s” is not supported; use .xml or .json.") % {"format": fmt}
                return render_errors([(404, message)], "xml", 404)
            if request.method not in allowed:
                message = _("This resource does not accept %(method)s.") % {"method": request.method}
                response = render_errors([(405, message)], fmt, 405)
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            try:
                if request.method != "POST":
                    _check_jurisdiction(request.GET.get("jurisdiction_id", ""))
                return view(request, fmt, **kwargs)
            except Open311Error as error:
                response = render_errors(error.errors, fmt, error.status)
                for name, value in error.headers.items():
                    response[name] = value
                return response
            except Exception:
                logger.exception("Open311 %s %s failed", request.method, request.path)
                message = _("General service error: the request could not be processed. Please tell the administrator.")
                return render_errors([(400, message)], fmt, 400)

        return wrapper

    return decorate


@endpoint("GET")
def discovery(request, fmt):
    changeset = Category.objects.aggregate(changed=Max("updated_at"))["changed"]
    url = request.build_absolute_uri(request.path.rsplit("/", 1)[0] + "/")
    return render("discovery", serializers.discovery(url=url, changeset=changeset), fmt)


@endpoint("GET")
def service_list(request, fmt):
    return render("services", [serializers.service_item(category) for category in selectors.services()], fmt)


@endpoint("GET")
def service_definition(request, fmt, service_code: str):
    category = selectors.service(service_code)
    if category is None:
        raise Open311Error(404, _("There is no service with service_code “%(code)s”.") % {"code": service_code})
    return render("service_definition", serializers.service_definition(category), fmt)


@endpoint("GET", "POST")
def service_requests(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    query = parse_request_query(request.GET)
    cases = selectors.request_search(query)
    return render("service_requests", [serializers.request_item(case, request) for case in cases], fmt)


def _validation_messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    messages = []
    for field, texts in error.message_dict.items():
        param = FIELD_PARAMS.get(field, field)
        messages += [f"{param}: {text}" if param else text for text in texts]
    return messages


def _create(request, fmt):
    body = read_body(request)
    _check_jurisdiction(body.get("jurisdiction_id"))
    client = services.client_authenticate(body.get("api_key"))
    if client is None:
        raise Open311Error(403, _("Invalid or missing api_key: the service request cannot be created."))
    verdict = ratelimit.hit(client_id=client.pk, limit=client.rate_limit_per_minute)
    if not verdict.allowed:
        raise Open311Error(
            429,
            _("Too many requests: this api_key may post %(limit)d service requests a minute. Try again later.")
            % {"limit": verdict.limit},
            headers={"Retry-After": str(verdict.retry_after)},
        )
    data = parse_new_request(body, idempotency_header=request.headers.get("Idempotency-Key", ""))
    try:
        case, created = services.request_submit(client=client, data=data)
    except ValidationError as error:
        raise Open311Error(400, *_validation_messages(error)) from None
    return render("service_requests", [serializers.created_item(case, data.account_id)], fmt, 201 if created else 200)


@endpoint("GET")
def request_detail(request, fmt, service_request_id: str):
    case = selectors.request_get(service_request_id)
    if case is None:
        raise Open311Error(404, _("There is no service request “%(id)s”.") % {"id": service_request_id})
    return render("service_requests", [serializers.request_item(case, request)], fmt)


@endpoint("GET")
def token_detail(request, fmt, token: str):
    case = selectors.request_by_token(token)
    if case is None:
        raise Open311Error(404, _("There is no service request for the token “%(token)s”.") % {"token": token})
    return render("service_requests", [serializers.token_item(case, token)], fmt)


@csrf_exempt
def not_found(request, path: str = ""):
    fmt = "json" if path.lower().endswith(".json") else "xml"
    return render_errors([(404, _("There is no such Open311 resource."))], fmt, 404)
