"""Hand-made combined-format access log lines."""
import datetime as dt

VN = dt.timezone(dt.timedelta(hours=7))
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"
ARTICLE = "/tin-tuc/ban-chi-dao-chuyen-doi-so-tong-ket-2025/"


def at(day: str, clock: str, tz=VN) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=tz)


def line(when: dt.datetime, path: str = ARTICLE, ip: str = "203.113.1.10", agent: str = FIREFOX,
         method: str = "GET", status: int = 200) -> str:
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S %z")
    return f'{ip} - - [{stamp}] "{method} {path} HTTP/1.1" {status} 5120 "-" "{agent}"'
