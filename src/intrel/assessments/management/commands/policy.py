from ._passthrough import PassthroughCommand


class Command(PassthroughCommand):
    help = (
        "Framework files: intrel policy check [FILE] | intrel policy schemas [--check] | "
        "intrel policy compare A B --input FILE.json [--as-of DATE] | intrel policy diff A B"
    )
    prefix = ["policy"]
