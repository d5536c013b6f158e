from ._passthrough import PassthroughCommand


class Command(PassthroughCommand):
    help = "Framework files: intrel policy check [FILE] | intrel policy schemas [--check]"
    prefix = ["policy"]
