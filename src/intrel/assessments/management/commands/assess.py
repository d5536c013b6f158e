from ._passthrough import PassthroughCommand


class Command(PassthroughCommand):
    help = (
        "Assess subjects against a framework: "
        "intrel assess --framework helmond-2013 --input FILE.json [--as-of YYYY-MM-DD]"
    )
    prefix = ["assess"]
