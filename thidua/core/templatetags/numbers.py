from django import template

from thidua.core import numbers

register = template.Library()
register.filter("money", numbers.money)
