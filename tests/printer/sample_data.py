"""Fixed inputs for slip tests and snapshots (synthetic: no real person)."""

from datetime import timedelta, timezone

from kiosk import receipt as R

TZ = timezone(timedelta(hours=8))
KEY = bytes(range(32))
CASE = "330106-K01-20261127-0042"
ID_NUMBER = "11010519491231002X"   # the GB 11643 specimen number, never to appear in full


def ack_data(**over):
    d = dict(
        case_number=CASE,
        service_name={"zh_CN": "居民身份证换领", "en": "Resident ID card renewal"},
        hall_name={"zh_CN": "西湖区政务服务中心", "en": "Xihu District Service Centre"},
        window="3", submitted_at="2026-11-27T01:42:00+00:00", masked_name="张**", id_number=ID_NUMBER,
        materials=[{"name": {"zh_CN": "居民户口簿", "en": "Household register"}, "source": "scanned", "pages": 2},
                   {"name": {"zh_CN": "近期免冠照片", "en": "Recent photo"}, "source": "reused"},
                   {"name": {"zh_CN": "婚姻登记信息", "en": "Marriage record"}, "source": "shared"}],
        missing=[{"name": {"zh_CN": "原居民身份证", "en": "Old ID card"},
                  "bring": {"zh_CN": "原件，领证时交回", "en": "the original, handed back on collection"}}],
        promised_date="2026-12-04", fee=20,
        next_steps=[{"zh_CN": "制证完成后将短信通知您", "en": "We will text you when the card is ready"},
                    {"zh_CN": "凭本回执和原身份证到3号窗口领取", "en": "Collect it at window 3 with this slip"}],
        tracking_url=R.tracking_url("https://zwfw.example.gov.cn", CASE, KEY), kiosk_id="K01",
        delivered=False)
    d.update(over)
    return d
