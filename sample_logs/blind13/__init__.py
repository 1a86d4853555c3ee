"""blind13: "Compass", Montana's state-hosted student records system (GraphQL on API Gateway); blind test logs."""
from .generate import generate  # noqa: F401
