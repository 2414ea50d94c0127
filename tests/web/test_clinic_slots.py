"""Free slots (clinic.slots): hours in the clinic's zone, DST, buffers, notice, horizon."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from stridelight.clinic.slots import LocalHours, LocalTimeOff, Rules, Span, free_slots

NY = ZoneInfo("America/New_York")
SPRING_FORWARD = date(2027, 3, 14)  # 02:00 EST -> 03:00 EDT
FALL_BACK = date(2027, 11, 7)  # 02:00 EDT -> 01:00 EST
LONG_AGO = datetime(2027, 1, 1, tzinfo=UTC)
FAR = timedelta(days=3650)  # a horizon that hides nothing here


def rules(minutes: int = 30, **more: timedelta) -> Rules:
    return Rules(length=timedelta(minutes=minutes), **{"horizon": FAR, **more})


HALF_HOUR = rules()


def day_slots(
    day: date,
    start: time,
    end: time,
    *,
    rules: Rules = HALF_HOUR,
    busy: tuple[Span, ...] = (),
    time_off: tuple[LocalTimeOff, ...] = (),
    now: datetime = LONG_AGO,
) -> list[Span]:
    return free_slots(
        day=day,
        zone=NY,
        hours=[LocalHours(day.weekday(), start, end)],
        time_off=time_off,
        busy=busy,
        rules=rules,
        now=now,
    )


def local(day: date, clock: str, fold: int = 0) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock)).replace(
        tzinfo=NY, fold=fold
    )


def test_opening_hours_are_the_clinics_wall_clock_on_both_sides_of_spring_forward() -> (
    None
):
    before = day_slots(SPRING_FORWARD - timedelta(days=7), time(9), time(10))
    after = day_slots(SPRING_FORWARD, time(9), time(10))
    assert [s.start.astimezone(UTC).hour for s in before] == [14, 14]  # EST, UTC-5
    assert [s.start.astimezone(UTC).hour for s in after] == [13, 13]  # EDT, UTC-4
    assert all(s.start.astimezone(NY).time() in (time(9), time(9, 30)) for s in after)


def test_the_hour_lost_in_march_offers_no_slot() -> None:
    found = day_slots(SPRING_FORWARD, time(1), time(4))
    walls = [s.start.astimezone(NY).strftime("%H:%M") for s in found]
    assert walls == ["01:00", "01:30", "03:00", "03:30"]
    # 01:30 EST to 03:00 EDT is half an hour of real time: each slot really lasts 30 min.
    assert all(s.end - s.start == timedelta(minutes=30) for s in found)


def test_the_hour_repeated_in_november_is_offered_once() -> None:
    found = day_slots(FALL_BACK, time(0), time(3))
    starts = [s.start for s in found]
    assert len(starts) == len(set(starts))
    walls = [s.start.astimezone(NY).strftime("%H:%M") for s in found]
    assert walls == ["00:00", "00:30", "01:00", "01:30", "02:00", "02:30"]
    assert found[2].start == local(FALL_BACK, "01:00", fold=0).astimezone(UTC)


def test_an_appointment_ends_by_closing_time_even_on_the_november_change() -> None:
    found = day_slots(FALL_BACK, time(9), time(17), rules=rules(60))
    assert found[-1].end == local(FALL_BACK, "17:00")
    assert found[-1].end.astimezone(UTC).hour == 22  # EST after the change


def test_buffers_keep_room_around_an_existing_appointment() -> None:
    day = date(2027, 5, 4)
    taken = Span(local(day, "10:00"), local(day, "11:00"))
    buffered = rules(
        buffer_before=timedelta(minutes=15), buffer_after=timedelta(minutes=15)
    )
    walls = [
        s.start.astimezone(NY).strftime("%H:%M")
        for s in day_slots(day, time(9), time(12), rules=buffered, busy=(taken,))
    ]
    # 09:30 would end at 10:00 but its 15-minute buffer after runs into 10:00.
    assert walls == ["09:00", "11:30"]


def test_minimum_notice_hides_slots_too_soon_after_now() -> None:
    day = date(2027, 5, 4)
    now = local(day, "09:10")
    notice = rules(min_notice=timedelta(hours=2))
    found = day_slots(day, time(9), time(13), rules=notice, now=now)
    assert found[0].start == local(day, "11:30")


def test_the_horizon_hides_slots_too_far_ahead_across_a_dst_change() -> None:
    now = local(date(2027, 3, 1), "10:00")
    two_weeks = Rules(length=timedelta(minutes=30), horizon=timedelta(days=14))
    last_day = date(2027, 3, 15)  # 14 days later, after spring forward
    found = day_slots(last_day, time(9), time(13), rules=two_weeks, now=now)
    # The horizon is elapsed time: 14 x 24 h after 10:00 EST is 11:00 EDT.
    assert found[-1].start == local(last_day, "11:00")
    assert (
        day_slots(date(2027, 3, 16), time(9), time(12), rules=two_weeks, now=now) == []
    )


def test_time_off_removes_a_part_or_the_whole_day() -> None:
    day = date(2027, 5, 4)
    part = LocalTimeOff(day, time(10), time(11))
    walls = [
        s.start.astimezone(NY).strftime("%H:%M")
        for s in day_slots(day, time(9), time(12), time_off=(part,))
    ]
    assert walls == ["09:00", "09:30", "11:00", "11:30"]
    assert day_slots(day, time(9), time(12), time_off=(LocalTimeOff(day),)) == []


def test_hours_on_another_weekday_offer_nothing() -> None:
    day = date(2027, 5, 4)
    found = free_slots(
        day=day,
        zone=NY,
        hours=[LocalHours((day.weekday() + 1) % 7, time(9), time(12))],
        time_off=[],
        busy=[],
        rules=HALF_HOUR,
        now=LONG_AGO,
    )
    assert found == []


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        day_slots(date(2027, 5, 4), time(9), time(10), now=datetime(2027, 1, 1))
