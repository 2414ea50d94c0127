"""The OpenAPI 3.1 document of the booking API, served at /api/v1/openapi.json.

Written by hand beside the hand-written views (``clinic.api``), and held to
them by a schemathesis test (tests/web/test_clinic_openapi.py) that sends
generated requests and checks every answer against this document.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from stridelight.clinic.api import EARLIEST_DAY, LATEST_DAY, MAX_LENGTHS

JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _answer(description: str, schema: str, **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {JSON: {"schema": _ref(schema)}},
        **extra,
    }


def _text(max_length: int, description: str, example: str) -> dict[str, Any]:
    return {
        "type": "string",
        "maxLength": max_length,
        "description": description,
        "example": example,
    }


TOO_MANY = _answer(
    "Too many requests from this address; try again after Retry-After seconds.",
    "RateLimited",
    headers={"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
)
INVALID = _answer("Bad input; `fields` names each bad field.", "Invalid")

SCHEMAS: dict[str, Any] = {
    "Service": {
        "type": "object",
        "required": ["slug", "name", "minutes", "price", "one_per_person"],
        "properties": {
            "slug": {"type": "string", "example": "discovery-visit"},
            "name": {"type": "string"},
            "minutes": {"type": "integer", "minimum": 1},
            "price": {
                "type": "string",
                "pattern": r"^\d+\.\d{2}$",
                "description": "Decimal, in dollars.",
            },
            "one_per_person": {"type": "boolean"},
        },
    },
    "Slot": {
        "type": "object",
        "required": ["start", "end", "therapist"],
        "properties": {
            "start": {"type": "string", "format": "date-time"},
            "end": {"type": "string", "format": "date-time"},
            "therapist": {"type": "integer"},
        },
    },
    "BookingRequest": {
        "type": "object",
        "required": ["service", "start", "name", "email", "phone"],
        "properties": {
            "service": {"type": "string", "example": "discovery-visit"},
            "start": {
                "type": "string",
                "format": "date-time",
                "description": "One of the slots' starts, with its UTC offset.",
            },
            "therapist": {
                "type": ["integer", "null"],
                "description": "Leave out (or null) for the first one free.",
            },
            "name": _text(MAX_LENGTHS["name"], "Not blank.", "Ann Lee"),
            "email": _text(MAX_LENGTHS["email"], "An address.", "ann@example.com"),
            "phone": _text(MAX_LENGTHS["phone"], "At least 7 digits.", "7185550101"),
        },
    },
    "Booking": {
        "type": "object",
        "required": ["id", "start", "end", "therapist", "manage_url"],
        "properties": {
            "id": {"type": "integer"},
            "start": {"type": "string", "format": "date-time"},
            "end": {"type": "string", "format": "date-time"},
            "therapist": {"type": "integer"},
            "manage_url": {
                "type": "string",
                "format": "uri",
                "description": "Cancel or reschedule; keep it secret.",
            },
        },
    },
    "Invalid": {
        "type": "object",
        "required": ["error", "fields"],
        "properties": {
            "error": {"const": "invalid"},
            "fields": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {"type": "string"},
                "description": "Each bad field's name and what to give instead.",
            },
        },
    },
    "SlotTaken": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"const": "slot_taken"}},
    },
    "RateLimited": {
        "type": "object",
        "required": ["error", "retry_after"],
        "properties": {
            "error": {"const": "rate_limited"},
            "retry_after": {"type": "integer", "minimum": 1},
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/services": {
        "get": {
            "operationId": "listServices",
            "summary": "The services that can be booked.",
            "responses": {
                "200": {
                    "description": "Bookable services.",
                    "content": {
                        JSON: {
                            "schema": {
                                "type": "object",
                                "required": ["services"],
                                "properties": {
                                    "services": {
                                        "type": "array",
                                        "items": _ref("Service"),
                                    }
                                },
                            }
                        }
                    },
                },
                "429": TOO_MANY,
            },
        }
    },
    "/api/v1/slots": {
        "get": {
            "operationId": "listSlots",
            "summary": "Free times of a service on one of the clinic's days.",
            "parameters": [
                {
                    "name": "service",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "example": "discovery-visit"},
                },
                {
                    "name": "date",
                    "in": "query",
                    "required": True,
                    "description": (
                        "A day on the clinic's calendar (its time zone), "
                        f"from {EARLIEST_DAY} to {LATEST_DAY}."
                    ),
                    "schema": {"type": "string", "format": "date"},
                },
            ],
            "responses": {
                "200": {
                    "description": "Free slots, earliest first (one per therapist).",
                    "content": {
                        JSON: {
                            "schema": {
                                "type": "object",
                                "required": ["time_zone", "slots"],
                                "properties": {
                                    "time_zone": {
                                        "type": "string",
                                        "example": "America/New_York",
                                    },
                                    "slots": {"type": "array", "items": _ref("Slot")},
                                },
                            }
                        }
                    },
                },
                "400": INVALID,
                "429": TOO_MANY,
            },
        }
    },
    "/api/v1/bookings": {
        "post": {
            "operationId": "createBooking",
            "summary": "Book a slot; no account needed.",
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": _ref("BookingRequest")}},
            },
            "responses": {
                "201": _answer("Booked.", "Booking"),
                "400": INVALID,
                "409": _answer("Someone else got there first.", "SlotTaken"),
                "429": TOO_MANY,
            },
        }
    },
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Stridelight clinic booking API",
        "version": "1",
        "description": (
            "Book the clinic's services without an account (DESIGN §4). "
            "Rate limited per client address (429 with Retry-After)."
        ),
    },
    "paths": PATHS,
    "components": {"schemas": SCHEMAS},
}


@require_GET
def openapi_document(request: HttpRequest) -> JsonResponse:
    return JsonResponse(DOCUMENT)
